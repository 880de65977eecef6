import { OWNERSHIP } from '@backstage-gitops/plugin-gitops-common';
import { TestDatabases } from '@backstage/backend-test-utils';
import { ScmIntegrations } from '@backstage/integration';
import { ConfigReader } from '@backstage/config';
import { revertCommit } from '../source/revertCommit';
import {
  appSpec,
  createEngine,
  tickUntil,
  uniqueName,
  useClusterCleanup,
  useLocalInfrastructure,
} from './harness';

jest.setTimeout(180_000);

const ns = (name: string) =>
  `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${name} }\n`;
const configMap = (name: string, extra = '') =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: ${name}${extra} }\ndata: { a: "1" }\n`;
const deployment = (
  name: string,
  image: string,
  replicas = 2,
  spec = '',
) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: ${name} }
spec:
  replicas: ${replicas}${spec ? `\n  ${spec}` : ''}
  selector: { matchLabels: { app: ${name} } }
  template:
    metadata: { labels: { app: ${name} } }
    spec: { containers: [{ name: main, image: "${image}" }] }
`;

describe('engine acceptance', () => {
  const databases = TestDatabases.create();
  const infra = useLocalInfrastructure();
  const cleanup = useClusterCleanup(infra);

  async function setup(
    databaseId: Parameters<typeof databases.init>[0],
    name: string,
    files: Record<string, string>,
  ) {
    const namespace = cleanup.namespace(uniqueName(name, databaseId));
    const content = Object.fromEntries(
      Object.entries(files).map(([k, v]) => [
        k,
        v.replace(/NAMESPACE/g, namespace),
      ]),
    );
    await infra.git.seedRepo(namespace, {
      'app/namespace.yaml': ns(namespace),
      ...content,
    });
    const engine = await createEngine(databases, databaseId, infra);
    const spec = appSpec(infra.git, namespace, {
      id: `component:default/${namespace}#dev`,
      source: {
        repoUrl: infra.git.repoUrl(namespace),
        ref: 'main',
        path: 'app',
      },
      destination: {
        cluster: 'local',
        namespace,
        allowedNamespaces: [namespace],
        allowClusterScoped: false,
      },
    });
    return { engine, spec, namespace };
  }

  it.each(databases.eachSupportedId())(
    'fails bad commits before any write and keeps state and history, %p',
    async databaseId => {
      const { engine, spec, namespace } = await setup(databaseId, 'bad', {
        'app/cm.yaml': configMap('good'),
      });
      await engine.reconcile(spec);
      const before = await engine.store.getApplication(spec.id);
      expect(before?.state.syncStatus).toBe('Synced');
      const cases: Array<[string, Record<string, string>, RegExp]> = [
        [
          'invalid YAML',
          { 'app/broken.yaml': 'kind: [unclosed' },
          /app\/broken\.yaml/,
        ],
        [
          'a forbidden namespace',
          { 'app/other.yaml': configMap('x', ', namespace: kube-system') },
          /kube-system/,
        ],
        [
          'a cluster-scoped object',
          {
            'app/role.yaml': `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: { name: ${namespace}-admin-everything }\nrules: []\n`,
          },
          /ClusterRole/,
        ],
        [
          'a duplicate object',
          { 'app/dup.yaml': configMap('good') },
          /duplicate/i,
        ],
        [
          'a missing name',
          {
            'app/noname.yaml':
              'apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n',
          },
          /name/,
        ],
        [
          'a YAML alias bomb',
          {
            'app/bomb.yaml': `a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n`,
          },
          /app\/bomb\.yaml/,
        ],
        [
          'an oversized file',
          {
            'app/huge.yaml': `${configMap('huge')}# ${'x'.repeat(
              2 * 1024 * 1024,
            )}\n`,
          },
          /app\/huge\.yaml/,
        ],
        // a group no CRD in the shared cluster serves
        [
          'an unknown kind',
          {
            'app/widget.yaml': `apiVersion: ${namespace}.example.com/v1\nkind: Widget\nmetadata: { name: w }\n`,
          },
          /Widget/,
        ],
      ];
      for (const [name, files, message] of cases) {
        await infra.git.commit(
          namespace,
          { write: files },
          { message: `bad: ${name}` },
        );
        infra.kube.clearRequestLog();
        await engine.tick(spec.id);
        const record = await engine.store.getApplication(spec.id);
        expect([name, record?.state.syncStatus]).toEqual([name, 'Failed']);
        expect(record?.state.error).toMatch(message);
        expect([
          name,
          infra.kube
            .writes()
            .filter(w => w.namespace === namespace || !w.namespace),
        ]).toEqual([name, []]);
        expect(record?.state.revision).toBe(before?.state.revision);
        await infra.git.commit(
          namespace,
          { remove: Object.keys(files) },
          { message: `fix: ${name}` },
        );
      }
      const history = await engine.store.listHistory(
        { applicationId: spec.id },
        { offset: 0, limit: 50 },
      );
      expect(history.items.filter(h => h.result === 'Succeeded')).toHaveLength(
        1,
      );
      expect(history.items.filter(h => h.result === 'Failed')).toHaveLength(
        cases.length,
      );
      expect(
        await engine.clusters.get('local')!.get({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'good', namespace },
        }),
      ).toBeDefined();
      engine.cleanup();
    },
  );

  it.each(databases.eachSupportedId())(
    'follows health from Progressing to Healthy, and to Degraded on a failing rollout, %p',
    async databaseId => {
      const { engine, spec, namespace } = await setup(databaseId, 'health', {
        'app/web.yaml': deployment('web', 'web:1'),
      });
      await engine.reconcile(spec);
      // what the apply answered: the deployment controller has not observed the new spec yet
      expect((await engine.store.getApplication(spec.id))?.state.health).toBe(
        'Progressing',
      );
      // the controllers create a ReplicaSet and two pods that become Ready on the simulated nodes
      const rolledOut = await tickUntil(
        engine,
        spec.id,
        r => r?.state.health !== 'Progressing',
      );
      expect(rolledOut?.state.health).toBe('Healthy');
      expect(
        rolledOut?.state.resources?.find(r => r.kind === 'Deployment')
          ?.healthMessage,
      ).toBe('Deployment has 2 available replicas');

      // a new image whose containers crash (CrashLoopBackOff), with a deadline of 3 s to make progress
      await infra.git.commit(namespace, {
        write: {
          'app/web.yaml': deployment(
            'web',
            'web:v2-fail',
            2,
            'progressDeadlineSeconds: 3',
          ),
        },
      });
      await engine.tick(spec.id);
      const rolling = await engine.store.getApplication(spec.id);
      expect([rolling?.state.syncStatus, rolling?.state.health]).toEqual([
        'Synced',
        'Progressing',
      ]);
      const record = await tickUntil(
        engine,
        spec.id,
        r => r?.state.health !== 'Progressing',
      );
      expect(record?.state.health).toBe('Degraded');
      const web = record?.state.resources?.find(r => r.kind === 'Deployment');
      expect(web?.healthMessage).toMatch(/exceeded its progress deadline/);
      expect(web?.conditions).toContainEqual(
        expect.objectContaining({
          type: 'Progressing',
          status: 'False',
          reason: 'ProgressDeadlineExceeded',
        }),
      );
      // the rolling update never took the old pods down: the last good version still serves
      const live = await infra.kube.cluster.get(
        'apps/v1',
        'Deployment',
        namespace,
        'web',
      );
      expect(live?.status?.availableReplicas).toBeGreaterThanOrEqual(1);
      engine.cleanup();
    },
  );

  it.each(databases.eachSupportedId())(
    'applies namespaces and CRDs first, then waves in kind order, in one pass, %p',
    async databaseId => {
      // a CRD group of this run alone: the cluster and its CRDs are shared by every suite
      const group = `${uniqueName('order', databaseId)}.example.com`;
      cleanup.clusterScoped(
        'apiextensions.k8s.io/v1',
        'CustomResourceDefinition',
        `gadgets.${group}`,
      );
      const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: gadgets.${group} }
spec:
  group: ${group}
  scope: Namespaced
  names: { plural: gadgets, singular: gadget, kind: Gadget }
  versions: [{ name: v1, served: true, storage: true, schema: { openAPIV3Schema: { type: object, x-kubernetes-preserve-unknown-fields: true } } }]
`;
      const { engine, spec, namespace } = await setup(databaseId, 'order', {
        'app/a-gadget.yaml': `apiVersion: ${group}/v1\nkind: Gadget\nmetadata: { name: g1 }\nspec: { size: 3 }\n`,
        'app/b-crd.yaml': crd,
        'app/c-migrate.yaml': configMap(
          'migrate',
          ', annotations: { "argocd.argoproj.io/sync-wave": "-1" }',
        ),
        'app/d-web.yaml': deployment('web', 'web:1', 1),
        'app/e-cm.yaml': configMap('settings'),
        'app/f-late.yaml': configMap(
          'late',
          ', annotations: { "gitops.backstage.io/sync-wave": "5" }',
        ),
      });
      const clusterSpec = {
        ...spec,
        destination: { ...spec.destination, allowClusterScoped: true },
      };
      infra.kube.clearRequestLog();
      await engine.reconcile(clusterSpec);
      const record = await engine.store.getApplication(spec.id);
      expect([record?.state.syncStatus, record?.state.error]).toEqual([
        'Synced',
        undefined,
      ]);
      const applies = infra.kube
        .writes()
        .filter(
          w =>
            !w.dryRun &&
            w.verb === 'apply' &&
            (w.namespace === namespace || !w.namespace),
        )
        .map(w => `${w.resource}/${w.name}`);
      expect(applies).toEqual([
        `namespaces/${namespace}`,
        `customresourcedefinitions/gadgets.${group}`,
        'configmaps/migrate',
        'configmaps/settings',
        'deployments/web',
        'gadgets/g1',
        'configmaps/late',
      ]);
      engine.cleanup();
    },
  );

  it.each(databases.eachSupportedId())(
    'never prunes an object that lost the ownership marker, %p',
    async databaseId => {
      const { engine, spec, namespace } = await setup(databaseId, 'prune', {
        'app/keep.yaml': configMap('keep'),
        'app/legacy.yaml': configMap('legacy'),
        'app/old.yaml': configMap('old'),
      });
      await engine.reconcile(spec);
      const cluster = engine.clusters.get('local')!;
      // someone took "legacy" over by hand: it no longer says it belongs to the application
      expect(
        await cluster.get({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'legacy', namespace },
        }),
      ).toBeDefined();
      const takenOver = await infra.kube.cluster.mergePatch(
        'v1',
        'ConfigMap',
        namespace,
        'legacy',
        { metadata: { annotations: { [OWNERSHIP.appAnnotation]: null } } },
      );
      expect(
        takenOver.metadata.annotations?.[OWNERSHIP.appAnnotation],
      ).toBeUndefined();
      await infra.git.commit(namespace, {
        remove: ['app/legacy.yaml', 'app/old.yaml'],
      });
      await engine.tick(spec.id);
      expect(
        await cluster.get({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'legacy', namespace },
        }),
      ).toBeDefined();
      expect(
        await cluster.get({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'old', namespace },
        }),
      ).toBeUndefined();
      const [latest] = (
        await engine.store.listHistory(
          { applicationId: spec.id },
          { offset: 0, limit: 1 },
        )
      ).items;
      expect(latest.counts.pruned).toBe(1);
      expect(latest.resources?.find(r => r.name === 'legacy')).toMatchObject({
        action: 'skipped',
      });
      engine.cleanup();
    },
  );

  it.each(databases.eachSupportedId())(
    'reverts a history entry with a pushed revert commit, %p',
    async databaseId => {
      const { engine, spec, namespace } = await setup(databaseId, 'revert', {
        'app/web.yaml': deployment('web', 'web:1', 2),
      });
      await engine.reconcile(spec);
      const bad = await infra.git.commit(
        namespace,
        { write: { 'app/web.yaml': deployment('web', 'web:2', 5) } },
        { message: 'scale to 5 and ship web:2' },
      );
      await engine.tick(spec.id);
      const [entry] = (
        await engine.store.listHistory(
          { applicationId: spec.id },
          { offset: 0, limit: 1 },
        )
      ).items;
      expect(entry.revision).toBe(bad);

      const integrations = ScmIntegrations.fromConfig(
        new ConfigReader({
          integrations: {
            gitea: [
              {
                host: new URL(infra.git.url).host,
                baseUrl: infra.git.url,
                username: 'gitops',
                password: 'test-password',
              },
            ],
          },
        }),
      );
      const sha = await revertCommit({
        integrations,
        repoUrl: spec.source.repoUrl,
        branch: 'main',
        revision: entry.revision!,
        author: { name: 'Portal', email: 'portal@example.com' },
        requestedBy: 'user:default/jo',
      });
      const [head] = await infra.git.log(namespace);
      expect(head.sha).toBe(sha);
      expect(head.message).toMatch(/^Revert "scale to 5 and ship web:2"/);
      await engine.store.requestReconcile(spec.id, {
        trigger: 'revert',
        sync: true,
        requestedBy: 'user:default/jo',
        requestedAt: new Date().toISOString(),
      });
      await engine.worker.drain();
      const live = await engine.clusters.get('local')!.get({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', namespace },
      });
      expect((live as any).spec.replicas).toBe(2);
      expect((live as any).spec.template.spec.containers[0].image).toBe(
        'web:1',
      );
      const [reverted] = (
        await engine.store.listHistory(
          { applicationId: spec.id },
          { offset: 0, limit: 1 },
        )
      ).items;
      expect(reverted).toMatchObject({
        trigger: 'revert',
        triggeredBy: 'user:default/jo',
        revision: sha,
        result: 'Succeeded',
      });
      engine.cleanup();
    },
  );
});
