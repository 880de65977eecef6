import { OWNERSHIP } from '@backstage-gitops/plugin-gitops-common';
import { TestDatabases } from '@backstage/backend-test-utils';
import {
  appSpec,
  createEngine,
  uniqueName,
  useClusterCleanup,
  useLocalInfrastructure,
} from './harness';

jest.setTimeout(120_000);

const deployment = (replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: ${replicas}
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          image: nginx:1.27
`;
const service = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector: { app: web }
  ports: [{ port: 80 }]
`;
const configMap = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data: { mode: fast }
`;

describe('engine: sync, update, prune, drift', () => {
  const databases = TestDatabases.create();
  const infra = useLocalInfrastructure();
  const cleanup = useClusterCleanup(infra);

  it.each(databases.eachSupportedId())(
    'syncs plain YAML and Kustomize apps, then applies and prunes only what changed, %p',
    async databaseId => {
      const ns = cleanup.namespace(uniqueName('sync', databaseId));
      cleanup.namespace(`${ns}-k`);
      const repo = `sync-${ns}`;
      await infra.git.seedRepo(repo, {
        'app/namespace.yaml': `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${ns} }\n`,
        'app/deployment.yaml': deployment(1),
        'app/service.yaml': service,
        'kustomize/base/kustomization.yaml': 'resources: [deployment.yaml]\n',
        'kustomize/base/deployment.yaml': deployment(1),
        'kustomize/overlays/dev/kustomization.yaml': `namespace: ${ns}-k\nresources: [../../base, namespace.yaml]\nreplicas: [{ name: web, count: 2 }]\n`,
        'kustomize/overlays/dev/namespace.yaml': `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${ns}-k }\n`,
      });
      const engine = await createEngine(databases, databaseId, infra);
      const plain = appSpec(infra.git, repo, {
        id: `component:default/${ns}#plain`,
        source: { repoUrl: infra.git.repoUrl(repo), ref: 'main', path: 'app' },
        destination: {
          cluster: 'local',
          namespace: ns,
          allowedNamespaces: [ns],
          allowClusterScoped: false,
        },
      });
      const kustomize = appSpec(infra.git, repo, {
        id: `component:default/${ns}#kustomize`,
        environment: 'kustomize',
        source: {
          repoUrl: infra.git.repoUrl(repo),
          ref: 'main',
          path: 'kustomize/overlays/dev',
        },
        destination: {
          cluster: 'local',
          namespace: `${ns}-k`,
          allowedNamespaces: [`${ns}-k`],
          allowClusterScoped: false,
        },
      });

      await engine.reconcile(plain, kustomize);

      const web = engine.clusters.get('local')!;
      const live = await web.get({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', namespace: ns },
      });
      expect(live?.metadata.annotations?.[OWNERSHIP.appAnnotation]).toBe(
        plain.id,
      );
      expect(live?.metadata.labels?.[OWNERSHIP.appLabel]).toMatch(
        /^app-[0-9a-f]{24}$/,
      );
      const overlay = await web.get({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', namespace: `${ns}-k` },
      });
      expect((overlay as any).spec.replicas).toBe(2);

      const plainHistory = await engine.store.listHistory(
        { applicationId: plain.id },
        { offset: 0, limit: 10 },
      );
      expect(plainHistory.items).toHaveLength(1);
      expect(plainHistory.items[0]).toMatchObject({
        result: 'Succeeded',
        trigger: 'poll',
        counts: { created: 3, updated: 0, unchanged: 0, pruned: 0 },
      });
      const kustomizeHistory = await engine.store.listHistory(
        { applicationId: kustomize.id },
        { offset: 0, limit: 10 },
      );
      expect(
        kustomizeHistory.items.map(h => [h.result, h.counts.created]),
      ).toEqual([['Succeeded', 2]]);
      expect(
        (await engine.store.getApplication(plain.id))?.state.syncStatus,
      ).toBe('Synced');

      // a new commit: replicas change, a ConfigMap is added, the Service is removed
      const sha = await infra.git.commit(
        repo,
        {
          write: {
            'app/deployment.yaml': deployment(3),
            'app/configmap.yaml': configMap,
          },
          remove: ['app/service.yaml'],
        },
        { message: 'scale web, add settings, drop service' },
      );
      infra.kube.clearRequestLog();
      await engine.tick(plain.id);

      const writes = infra.kube
        .writes()
        .filter(w => w.namespace === ns || w.resource === 'namespaces');
      expect(
        writes.map(w => `${w.verb} ${w.resource}/${w.name}`).sort(),
      ).toEqual([
        'apply configmaps/settings',
        'apply deployments/web',
        'delete services/web',
      ]);
      const [latest] = (
        await engine.store.listHistory(
          { applicationId: plain.id },
          { offset: 0, limit: 1 },
        )
      ).items;
      expect(latest).toMatchObject({
        revision: sha,
        result: 'Succeeded',
        counts: { created: 1, updated: 1, unchanged: 1, pruned: 1 },
      });
      expect(latest.commit).toMatchObject({
        sha,
        message: 'scale web, add settings, drop service',
      });
      expect(
        await web.get({
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: 'web', namespace: ns },
        }),
      ).toBeUndefined();

      // nothing changed: a reconcile writes nothing and adds no history row
      infra.kube.clearRequestLog();
      await engine.tick(plain.id);
      expect(infra.kube.writes().filter(w => w.namespace === ns)).toEqual([]);
      expect(
        (
          await engine.store.listHistory(
            { applicationId: plain.id },
            { offset: 0, limit: 10 },
          )
        ).totalCount,
      ).toBe(2);
      engine.cleanup();
    },
  );
});
