import { TestDatabases } from '@backstage/backend-test-utils';
import path from 'node:path';
import { appSpec, createEngine, useLocalInfrastructure } from './harness';

jest.setTimeout(120_000);

const DEMO_REPOS = path.resolve(__dirname, '../../../../../packages/local-infra/demo/repos');

describe('engine: the demo config repositories of the development portal', () => {
  const databases = TestDatabases.create();
  const infra = useLocalInfrastructure();

  it.each(databases.eachSupportedId())('syncs both Kustomize overlays, each creating its own namespace, %p', async databaseId => {
    const repo = `demo-${databaseId.toLowerCase()}`;
    await infra.git.seedRepo(repo, { fromDir: path.join(DEMO_REPOS, 'shop-frontend-config') });
    const engine = await createEngine(databases, databaseId, infra);
    const env = (name: string, replicas: number) => ({
      spec: appSpec(infra.git, repo, {
        id: `component:default/${repo}#${name}`,
        environment: name,
        source: { repoUrl: infra.git.repoUrl(repo), ref: 'main', path: `overlays/${name}` },
        destination: { cluster: 'local', namespace: `shop-${name}`, allowedNamespaces: [`shop-${name}`], allowClusterScoped: false },
      }),
      replicas,
    });
    const dev = env('dev', 1);
    const prod = env('prod', 3);
    await engine.reconcile(dev.spec, prod.spec);
    infra.kube.cluster.settle();
    await engine.tick(dev.spec.id);
    await engine.tick(prod.spec.id);
    for (const { spec, replicas } of [dev, prod]) {
      const record = await engine.store.getApplication(spec.id);
      expect([spec.environment, record?.state.syncStatus, record?.state.error]).toEqual([spec.environment, 'Synced', undefined]);
      const live = await engine.clusters.get('local')!.get({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'shop-frontend', namespace: `shop-${spec.environment}` } });
      expect((live as any)?.spec.replicas).toBe(replicas);
    }
    engine.cleanup();
  });
});
