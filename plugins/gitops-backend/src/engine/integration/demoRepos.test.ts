import { TestDatabases } from '@backstage/backend-test-utils';
import fs from 'node:fs';
import path from 'node:path';
import {
  appSpec,
  createEngine,
  tickUntil,
  uniqueName,
  useClusterCleanup,
  useLocalInfrastructure,
} from './harness';

jest.setTimeout(120_000);

const DEMO_REPOS = path.resolve(
  __dirname,
  '../../../../../packages/local-infra/demo/repos',
);
const DEMO = path.join(DEMO_REPOS, 'shop-frontend-config');

/** The overlay files that name the demo's namespaces, each environment's namespace renamed. */
function renamedNamespaces(
  namespaces: Record<'dev' | 'prod', string>,
): Record<string, string> {
  const files: Record<string, string> = {};
  for (const env of ['dev', 'prod'] as const) {
    for (const file of ['kustomization.yaml', 'namespace.yaml']) {
      const name = `overlays/${env}/${file}`;
      const text = fs.readFileSync(path.join(DEMO, name), 'utf8');
      expect([name, text.includes(`shop-${env}`)]).toEqual([name, true]);
      files[name] = text.replaceAll(`shop-${env}`, namespaces[env]);
    }
  }
  return files;
}

describe('engine: the demo config repositories of the development portal', () => {
  const databases = TestDatabases.create();
  const infra = useLocalInfrastructure();
  const cleanup = useClusterCleanup(infra);

  it.each(databases.eachSupportedId())(
    'syncs both Kustomize overlays, each creating its own namespace, %p',
    async databaseId => {
      const repo = uniqueName('demo', databaseId);
      // the demo as it is, but for the namespace names: the cluster is shared with other suites and runs
      // (the development portal's own shop-dev and shop-prod among them)
      const namespaces = {
        dev: cleanup.namespace(`${repo}-dev`),
        prod: cleanup.namespace(`${repo}-prod`),
      };
      await infra.git.seedRepo(repo, { fromDir: DEMO });
      await infra.git.commit(
        repo,
        { write: renamedNamespaces(namespaces) },
        { message: 'namespaces of this test run' },
      );
      const engine = await createEngine(databases, databaseId, infra);
      const env = (name: 'dev' | 'prod', replicas: number) => ({
        spec: appSpec(infra.git, repo, {
          id: `component:default/${repo}#${name}`,
          environment: name,
          source: {
            repoUrl: infra.git.repoUrl(repo),
            ref: 'main',
            path: `overlays/${name}`,
          },
          destination: {
            cluster: 'local',
            namespace: namespaces[name],
            allowedNamespaces: [namespaces[name]],
            allowClusterScoped: false,
          },
        }),
        namespace: namespaces[name],
        replicas,
      });
      const dev = env('dev', 1);
      const prod = env('prod', 3);
      await engine.reconcile(dev.spec, prod.spec);
      for (const { spec, namespace, replicas } of [dev, prod]) {
        // the controllers roll each Deployment out: the application turns Healthy and stays Synced
        const record = await tickUntil(
          engine,
          spec.id,
          r => r?.state.health !== 'Progressing',
        );
        expect([
          spec.environment,
          record?.state.syncStatus,
          record?.state.health,
          record?.state.error,
        ]).toEqual([spec.environment, 'Synced', 'Healthy', undefined]);
        expect(
          (
            await infra.kube.cluster.get(
              'v1',
              'Namespace',
              undefined,
              namespace,
            )
          )?.status?.phase,
        ).toBe('Active');
        const live = await engine.clusters.get('local')!.get({
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'shop-frontend', namespace },
        });
        expect([
          (live as any)?.spec.replicas,
          (live as any)?.status.readyReplicas,
        ]).toEqual([replicas, replicas]);
        const settings = await infra.kube.cluster.get(
          'v1',
          'ConfigMap',
          namespace,
          'shop-frontend',
        );
        expect(settings?.data).toEqual({
          FEATURE_CHECKOUT_V2: spec.environment === 'dev' ? 'true' : 'false',
        });
      }
      engine.cleanup();
    },
  );
});
