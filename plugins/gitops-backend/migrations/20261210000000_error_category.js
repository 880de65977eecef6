/*
 * GitOps for Backstage: what kind of fault an application's error is (cluster unreachable, Git
 * host unreachable, renderer unavailable, access denied, configuration, …), so the portal can
 * head the message with words that fit. Null while there is no error, and for errors recorded
 * before this column existed.
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.alterTable('gitops_applications', table => {
    table.string('error_category', 32).nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('gitops_applications', table => {
    table.dropColumn('error_category');
  });
};
