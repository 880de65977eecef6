/*
 * Retention: rows that stop being useful are purged in bounded batches.
 * - gitops_webhook_deliveries.expires_at: a delivery's replay key is kept while the delivery itself
 *   would still be accepted (its signed time plus the delivery window), then purged on a later write
 * - gitops_sync_history started_at index: the age purge of history finds old rows without a scan
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.alterTable('gitops_webhook_deliveries', table => {
    table.timestamp('expires_at', { useTz: true }).nullable();
    table.index(['expires_at'], 'gitops_webhook_deliveries_expires_idx');
  });
  // rows written before: their replay keys were delivery ids, never matched again; purge them soon
  await knex('gitops_webhook_deliveries').update({
    expires_at: knex.ref('received_at'),
  });
  await knex.schema.alterTable('gitops_sync_history', table => {
    table.index(['started_at'], 'gitops_sync_history_started_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('gitops_sync_history', table => {
    table.dropIndex(['started_at'], 'gitops_sync_history_started_idx');
  });
  await knex.schema.alterTable('gitops_webhook_deliveries', table => {
    table.dropIndex(['expires_at'], 'gitops_webhook_deliveries_expires_idx');
    table.dropColumn('expires_at');
  });
};
