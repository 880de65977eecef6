/*
 * GitOps for Backstage: initial schema.
 * - gitops_applications: one row per application (spec, claim/lease, queue request, last-known status)
 * - gitops_sync_history: one row per sync attempt, never updated after it finishes
 * - gitops_inventory: what each application applied last (the prune input)
 * - gitops_onboarding_errors: entity-level problems (bad annotation, bad descriptor)
 * - gitops_webhook_deliveries: delivery ids seen, to refuse replays
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('gitops_applications', table => {
    table.comment(
      'One row per GitOps application: spec, scheduling state and last-known status',
    );
    table.string('id', 512).primary().notNullable();
    table.text('spec').notNullable().comment('ApplicationSpec as JSON');
    table.string('spec_hash', 64).notNullable();
    table.string('origin', 16).notNullable();
    table.string('entity_ref', 512).nullable();
    table.string('owner', 512).nullable();
    table.string('environment', 128).notNullable();
    table
      .string('repo_key', 512)
      .notNullable()
      .comment('normalized repository URL, for webhook matching');
    table.string('ref', 255).notNullable();
    table.string('cluster', 128).notNullable();
    table.string('namespace', 253).notNullable();
    // user overrides that survive spec refreshes
    table.boolean('suspended').notNullable().defaultTo(false);
    table.string('pinned_revision', 64).nullable();
    // scheduling: a conditional update on claimed_by/claim_expires_at is the lock
    table.timestamp('next_reconcile_at', { useTz: true }).notNullable();
    table.string('claimed_by', 128).nullable();
    table.timestamp('claim_expires_at', { useTz: true }).nullable();
    table.integer('failure_count').notNullable().defaultTo(0);
    table
      .text('request')
      .nullable()
      .comment('queued user/webhook request as JSON; jumps the queue');
    // last-known status
    table.string('sync_status', 16).notNullable().defaultTo('Unknown');
    table.string('health', 16).notNullable().defaultTo('Unknown');
    table.text('message').nullable();
    table.text('error').nullable();
    table.string('revision', 64).nullable();
    table.text('commit').nullable().comment('CommitInfo as JSON');
    table
      .string('synced_revision', 64)
      .nullable()
      .comment('revision of the last successful sync');
    table.string('synced_spec_hash', 64).nullable();
    table.string('last_sync_id', 36).nullable();
    table.timestamp('last_sync_at', { useTz: true }).nullable();
    table.integer('last_sync_duration_ms').nullable();
    table.string('last_sync_result', 16).nullable();
    table.timestamp('last_reconciled_at', { useTz: true }).nullable();
    table.text('resources').nullable().comment('ResourceStatus[] as JSON');
    table
      .string('notified_state', 256)
      .nullable()
      .comment('last state owners were notified about');
    table
      .timestamp('updated_at', { useTz: true })
      .notNullable()
      .defaultTo(knex.fn.now());
    table.index(['next_reconcile_at'], 'gitops_applications_due_idx');
    table.index(['entity_ref'], 'gitops_applications_entity_idx');
    table.index(['repo_key'], 'gitops_applications_repo_idx');
    table.index(['sync_status'], 'gitops_applications_sync_status_idx');
    table.index(['health'], 'gitops_applications_health_idx');
  });

  await knex.schema.createTable('gitops_sync_history', table => {
    table.comment('One row per sync attempt of an application');
    table.string('id', 36).primary().notNullable();
    table.string('application_id', 512).notNullable();
    table.string('entity_ref', 512).nullable();
    table.string('revision', 64).nullable();
    table.text('commit').nullable();
    table.string('trigger', 16).notNullable();
    table.string('triggered_by', 512).nullable();
    table.string('replica', 128).nullable();
    table.timestamp('started_at', { useTz: true }).notNullable();
    table.timestamp('finished_at', { useTz: true }).nullable();
    table.string('result', 16).notNullable();
    table.integer('created').notNullable().defaultTo(0);
    table.integer('updated').notNullable().defaultTo(0);
    table.integer('unchanged').notNullable().defaultTo(0);
    table.integer('pruned').notNullable().defaultTo(0);
    table.text('error').nullable();
    table.text('resources').nullable().comment('ResourceOutcome[] as JSON');
    table.index(
      ['application_id', 'started_at'],
      'gitops_sync_history_app_idx',
    );
    table.index(['entity_ref', 'started_at'], 'gitops_sync_history_entity_idx');
    table.index(['result'], 'gitops_sync_history_result_idx');
  });

  await knex.schema.createTable('gitops_inventory', table => {
    table.comment(
      'Objects each application applied in its last successful sync',
    );
    table.string('application_id', 512).notNullable();
    table.string('api_version', 253).notNullable();
    table.string('kind', 128).notNullable();
    table.string('namespace', 253).notNullable().defaultTo('');
    table.string('name', 253).notNullable();
    table.primary([
      'application_id',
      'api_version',
      'kind',
      'namespace',
      'name',
    ]);
  });

  await knex.schema.createTable('gitops_onboarding_errors', table => {
    table.string('entity_ref', 512).primary().notNullable();
    table.text('message').notNullable();
    table
      .timestamp('updated_at', { useTz: true })
      .notNullable()
      .defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('gitops_webhook_deliveries', table => {
    table.string('id', 256).primary().notNullable();
    table.timestamp('received_at', { useTz: true }).notNullable();
    table.index(['received_at'], 'gitops_webhook_deliveries_received_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('gitops_webhook_deliveries');
  await knex.schema.dropTable('gitops_onboarding_errors');
  await knex.schema.dropTable('gitops_inventory');
  await knex.schema.dropTable('gitops_sync_history');
  await knex.schema.dropTable('gitops_applications');
};
