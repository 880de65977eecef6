import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@backstage-gitops/plugin-gitops-backend',
  'migrations',
);

/** Runs the plugin's knex migrations (idempotent; safe for several replicas starting at once). */
export async function applyDatabaseMigrations(knex: Knex): Promise<void> {
  await knex.migrate.latest({
    directory: migrationsDir,
    tableName: 'gitops_knex_migrations',
  });
}
