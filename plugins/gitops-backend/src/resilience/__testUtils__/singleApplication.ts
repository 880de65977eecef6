import { ApplicationSpec } from '@backstage-gitops/plugin-gitops-common';
import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { DatabaseGitOpsStore } from '../../database/GitOpsStore';
import {
  localConfig,
  namespacedAppSpec,
  useLocalInfrastructure,
} from '../../engine/integration/harness';
import { databaseSuffix, uniqueName } from './names';

/**
 * One application on one test database, in a namespace of its own: a repository whose `app/`
 * folder holds that Namespace and `files`, and a store that knows the application (reconciled
 * every hour, so only what a test triggers brings it in). The caller deletes `ns` afterwards.
 */
export async function setUpSingleApplication(options: {
  databases: TestDatabases;
  databaseId: TestDatabaseId;
  infra: ReturnType<typeof useLocalInfrastructure>;
  prefix: string;
  /** Files below `app/`, by name. */
  files: Record<string, string>;
}): Promise<{
  knex: Knex;
  store: DatabaseGitOpsStore;
  config: ReturnType<typeof localConfig>;
  ns: string;
  spec: ApplicationSpec;
}> {
  const { databases, databaseId, infra } = options;
  const knex = await databases.init(databaseId);
  const store = await DatabaseGitOpsStore.create({ knex });
  const ns = uniqueName(`${options.prefix}-${databaseSuffix(databaseId)}`);
  await infra.git.seedRepo(ns, {
    'app/namespace.yaml': `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${ns} }\n`,
    ...Object.fromEntries(
      Object.entries(options.files).map(([file, text]) => [
        `app/${file}`,
        text,
      ]),
    ),
  });
  const spec = namespacedAppSpec(infra.git, ns, { intervalSeconds: 3600 });
  await store.replaceApplications(
    { origin: 'catalog', entityRef: spec.entityRef! },
    [{ spec }],
  );
  return { knex, store, config: localConfig(infra), ns, spec };
}
