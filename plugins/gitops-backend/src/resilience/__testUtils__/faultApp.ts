import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { LocalCluster, LocalGitServer } from '@internal/local-infra';
import { DatabaseGitOpsStore } from '../../database/GitOpsStore';
import {
  namespacedAppSpec,
  localConfig,
} from '../../engine/integration/harness';
import { LeakCollector } from './leakScan';
import { databaseSuffix, uniqueName } from './names';
import { RecordingLogger } from './recordingLogger';
import { createTestReplica, ReplicaOptions } from './replicas';

/**
 * One application in its own namespace (created by the app itself), registered on a fresh test
 * database, with one replica whose Kubernetes client uses short timeouts so injected faults show.
 */
export async function setupFaultApp(
  context: {
    databases: TestDatabases;
    databaseId: TestDatabaseId;
    infra: { git: LocalGitServer; kube: LocalCluster };
    leaks: LeakCollector;
    kubeTimeoutMs: number;
    /** Collects the namespace made for the app, for the suite to delete afterwards. */
    namespaces?: string[];
  },
  name: string,
  files: Record<string, string>,
  attempts = 2,
  replicaOptions: Pick<ReplicaOptions, 'onCluster'> = {},
) {
  const { databases, databaseId, infra, leaks } = context;
  const knex = await databases.init(databaseId);
  const store = await DatabaseGitOpsStore.create({ knex });
  const ns = uniqueName(`${name}-${databaseSuffix(databaseId)}`);
  context.namespaces?.push(ns);
  await infra.git.seedRepo(ns, {
    'app/namespace.yaml': `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${ns} }\n`,
    ...files,
  });
  const spec = namespacedAppSpec(infra.git, ns);
  await store.replaceApplications(
    { origin: 'catalog', entityRef: spec.entityRef! },
    [{ spec }],
  );
  const logger = new RecordingLogger();
  leaks.addLogger(`${name} logs`, logger);
  const replica = createTestReplica(store, localConfig(infra), {
    replica: 'replica-a',
    logger,
    kube: { attempts, timeoutMs: context.kubeTimeoutMs },
    ...replicaOptions,
  });
  return { knex, store, ns, spec, logger, replica };
}
