import { TestDatabases } from '@backstage/backend-test-utils';
import {
  createEngine,
  namespacedAppSpec,
  uniqueName,
  useClusterCleanup,
  useLocalInfrastructure,
} from './harness';

jest.setTimeout(120_000);

/**
 * Every reconcile checks its application against its project as app-config says now: an
 * application admitted before the platform narrowed (or removed) its project is stopped before
 * it reads its repository or the cluster.
 */
describe('engine: the project as configured now', () => {
  const databases = TestDatabases.create();
  const infra = useLocalInfrastructure();
  const cleanup = useClusterCleanup(infra);

  it.each(databases.eachSupportedId())(
    'stops an application its project no longer admits, before any read, %p',
    async databaseId => {
      const ns = cleanup.namespace(uniqueName('narrowed', databaseId));
      await infra.git.seedRepo(ns, {
        'app/namespace.yaml': `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${ns} }\n`,
        'app/settings.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings }\ndata: { mode: fast }\n`,
      });
      const engine = await createEngine(databases, databaseId, infra, {
        projects: [
          {
            name: 'narrowed',
            sourceRepos: ['**'],
            destinations: [{ cluster: 'local', namespace: 'elsewhere-*' }],
            clusterResources: { allow: [{ group: '', kind: 'Namespace' }] },
          },
        ],
      });
      const spec = namespacedAppSpec(infra.git, ns, { project: 'narrowed' });
      const outcome = async (project: string) => {
        infra.kube.clearRequestLog();
        const gitRequests = infra.git.requestLog.length;
        await engine.reconcile({ ...spec, project });
        const record = await engine.store.getApplication(spec.id);
        return {
          syncStatus: record?.state.syncStatus,
          error: record?.state.error,
          clusterRequests: infra.kube.requestLog.length,
          gitRequests: infra.git.requestLog.length - gitRequests,
        };
      };

      expect(await outcome('narrowed')).toEqual({
        syncStatus: 'Failed',
        error: `Not synced: its project no longer admits this application: environment 'dev' asks for namespace '${ns}', which project 'narrowed' does not allow (allowed: elsewhere-*)`,
        clusterRequests: 0,
        gitRequests: 0,
      });
      expect(await outcome('removed')).toEqual({
        syncStatus: 'Failed',
        error:
          "Not synced: its project no longer admits this application: project 'removed' is not configured (gitops.projects)",
        clusterRequests: 0,
        gitRequests: 0,
      });
      // the same application in a project that admits it syncs
      expect(await outcome('test-open')).toMatchObject({
        syncStatus: 'Synced',
        error: undefined,
      });
      expect(
        (await infra.kube.cluster.get('v1', 'ConfigMap', ns, 'settings'))?.data,
      ).toEqual({ mode: 'fast' });
      engine.cleanup();
    },
  );
});
