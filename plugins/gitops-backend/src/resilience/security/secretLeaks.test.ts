import { ApplicationSpec } from '@backstage-gitops/plugin-gitops-common';
import { TestDatabases } from '@backstage/backend-test-utils';
import { ScmIntegrations } from '@backstage/integration';
import { Knex } from 'knex';
import request from 'supertest';
import { DatabaseGitOpsStore, GitOpsStore } from '../../database/GitOpsStore';
import { KubeApiError } from '../../engine/cluster/kubeClient';
import {
  appSpec,
  localConfig,
  useLocalInfrastructure,
} from '../../engine/integration/harness';
import { preferredDatabase } from '../__testUtils__/databases';
import {
  LeakCollector,
  SUITE_SECRETS,
  secretManifest,
} from '../__testUtils__/leakScan';
import { deleteNamespaces, uniqueName } from '../__testUtils__/names';
import {
  createTestReplica,
  makeDue,
  TestReplica,
} from '../__testUtils__/replicas';
import { createRouterApp, USER } from '../__testUtils__/routerApp';

jest.setTimeout(60_000);

const b64 = (v: string) => Buffer.from(v).toString('base64');
const DRIFTED = 'r3silience-hand-edited-value-44c0';
const ROTATED = 'r3silience-rotated-in-git-9d2e';
/** Short values, the size of real passwords, so that a parser's excerpt of the input would hold all of them. */
const SHORT_JSON = 'pa55-w0rd';
const SHORT_LITERAL = 'hunter22pass';

describe('Secret values never leave the backend', () => {
  const databases = TestDatabases.create();
  const infra = useLocalInfrastructure();
  // namespaces (and repositories) of this run: the cluster is shared with every other suite
  const FLOW = uniqueName('secret-flow');
  const JSON_APP = uniqueName('secret-json');
  const KUSTOMIZE_APP = uniqueName('secret-kustomize');
  afterAll(() => deleteNamespaces(infra.kube, [FLOW, JSON_APP, KUSTOMIZE_APP]));
  const ctx = {} as {
    knex: Knex;
    store: GitOpsStore;
    replica: TestReplica;
    app: Parameters<typeof request>[0];
    leaks: LeakCollector;
  };

  beforeAll(async () => {
    ctx.knex = await databases.init(preferredDatabase(databases));
    ctx.store = await DatabaseGitOpsStore.create({ knex: ctx.knex });
    const config = localConfig(infra);
    ctx.replica = createTestReplica(ctx.store, config, {
      replica: 'replica-a',
      // an admission webhook that quotes what it refuses, as policy engines often do
      onCluster: cluster => {
        const apply = cluster.apply.bind(cluster);
        cluster.apply = async (obj, options) => {
          if (obj.kind === 'Secret' && obj.metadata.name === 'refused') {
            const value = Buffer.from(
              String((obj as { data?: Record<string, string> }).data?.token),
              'base64',
            ).toString();
            throw new KubeApiError(
              `admission webhook "policy.example.com" denied the request: token "${value}" is on the deny list`,
              400,
              'BadRequest',
            );
          }
          return apply(obj, options);
        };
      },
    });
    const router = await createRouterApp({
      store: ctx.store,
      integrations: ScmIntegrations.fromConfig(config),
      source: ctx.replica.source,
    });
    ctx.app = router.app;
    ctx.leaks = new LeakCollector();
    ctx.leaks.addLogger('engine logs', ctx.replica.logger);
    ctx.leaks.addLogger('router logs', router.logger);
  });
  afterAll(() => ctx.replica?.stop());

  async function setupApp(
    name: string,
    files: Record<string, string>,
    policy: Partial<ApplicationSpec['policy']> = {},
  ) {
    await infra.git.seedRepo(name, {
      'app/namespace.yaml': `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${name} }\n`,
      ...files,
    });
    const base = appSpec(infra.git, name, {
      id: `component:default/${name}#dev`,
      entityRef: `component:default/${name}`,
      source: { repoUrl: infra.git.repoUrl(name), ref: 'main', path: 'app' },
      destination: {
        cluster: 'local',
        namespace: name,
        allowedNamespaces: [name],
        allowClusterScoped: false,
      },
    });
    const spec = { ...base, policy: { ...base.policy, ...policy } };
    await ctx.store.replaceApplications(
      { origin: 'catalog', entityRef: spec.entityRef! },
      [{ spec }],
    );
    await ctx.replica.worker.drain();
    return spec;
  }

  async function tick(spec: ApplicationSpec) {
    await makeDue(ctx.knex, [spec.id]);
    await ctx.replica.worker.drain();
    return ctx.store.getApplication(spec.id);
  }

  /** Everything a user can read about an application through the API. */
  async function collectApi(spec: ApplicationSpec, leaks: LeakCollector) {
    const id = encodeURIComponent(spec.id);
    const [kind, rest] = spec.entityRef!.split(':');
    const [namespace, name] = rest.split('/');
    for (const path of [
      '/applications',
      `/applications/${id}`,
      `/applications/${id}/history`,
      `/entities/${kind}/${namespace}/${name}/applications`,
      `/entities/${kind}/${namespace}/${name}/history`,
    ]) {
      const res = await request(ctx.app).get(path).set('authorization', USER);
      expect([path, res.status]).toEqual([path, 200]);
      leaks.addValue(`GET ${path}`, res.body);
    }
  }

  it('through a sync, a hand edit, a rotation in Git, a refused apply and a refused manifest', async () => {
    const spec = await setupApp(
      FLOW,
      { 'app/secret.yaml': secretManifest('credentials') },
      { selfHeal: false },
    );
    expect(
      (
        await infra.kube.cluster.get(
          'v1',
          'Secret',
          spec.destination.namespace,
          'credentials',
        )
      )?.data,
    ).toEqual({
      key0: b64(SUITE_SECRETS[0]),
      key1: b64(SUITE_SECRETS[1]),
      key2: b64(SUITE_SECRETS[2]),
    });

    // a hand edit of the value: reported with a diff that shows a change and nothing of either value
    await ctx.replica.clusters.get('local')!.client.request({
      method: 'PATCH',
      path: `/api/v1/namespaces/${spec.destination.namespace}/secrets/credentials`,
      body: { data: { key0: b64(DRIFTED) } },
      contentType: 'application/merge-patch+json',
    });
    let record = await tick(spec);
    const drift = record?.state.resources?.find(r => r.kind === 'Secret');
    expect(drift?.syncStatus).toBe('OutOfSync');
    expect(drift?.diff).toMatch(/\+{8}/);
    await collectApi(spec, ctx.leaks);

    // a value rotated in Git, then self-heal on: synced, with history rows that say so and nothing more
    await infra.git.commit(FLOW, {
      write: {
        'app/secret.yaml': secretManifest('credentials', [
          ROTATED,
          SUITE_SECRETS[1],
          SUITE_SECRETS[2],
        ]),
      },
    });
    await ctx.store.replaceApplications(
      { origin: 'catalog', entityRef: spec.entityRef! },
      [{ spec: { ...spec, policy: { ...spec.policy, selfHeal: true } } }],
    );
    record = await tick(spec);
    expect(record?.state.syncStatus).toBe('Synced');

    // a Secret the cluster refuses with a message quoting its value, and a Secret in a namespace the app may not use
    await infra.git.commit(FLOW, {
      write: {
        'app/broken.yaml': secretManifest('refused').replace('key0', 'token'),
      },
    });
    record = await tick(spec);
    expect(record?.state.error).toBe(
      `Secret ${FLOW}/refused (app/broken.yaml): admission webhook "policy.example.com" denied the request: token "********" is on the deny list`,
    );
    ctx.leaks.addValue('refused apply', record?.state);
    await infra.git.commit(FLOW, {
      write: {
        'app/broken.yaml': `apiVersion: v1\nkind: Secret\nmetadata: { name: elsewhere, namespace: kube-system }\nstringData: { token: "${SUITE_SECRETS[0]}" }\n`,
      },
    });
    record = await tick(spec);
    expect(record?.state.error).toBe(
      `1 manifest problem:\napp/broken.yaml: Secret kube-system/elsewhere: namespace "kube-system" is not allowed for this application (allowed: ${FLOW})`,
    );

    await collectApi(spec, ctx.leaks);
    await ctx.leaks.addDatabase('store', ctx.knex);
    expect(ctx.leaks.findLeaks([...SUITE_SECRETS, DRIFTED, ROTATED])).toEqual(
      [],
    );
  });

  it('when a JSON manifest holding a Secret does not parse', async () => {
    const spec = await setupApp(JSON_APP, {
      'app/cm.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings }\n',
    });
    await infra.git.commit(JSON_APP, {
      write: {
        'app/secret.json': `{"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "db"}, "stringData": {"password": ${SHORT_JSON}}}\n`,
      },
    });
    const record = await tick(spec);
    const leaks = new LeakCollector();
    leaks.addValue('status', record?.state);
    leaks.addLogger('engine logs', ctx.replica.logger);
    await collectApi(spec, leaks);
    await leaks.addDatabase('store', ctx.knex);
    expect(record?.state.error).toMatch(/^app\/secret\.json: JSON parse error/);
    expect(leaks.findLeaks([SHORT_JSON])).toEqual([]);
  });

  it('when a Kustomize secretGenerator literal is malformed', async () => {
    const spec = await setupApp(KUSTOMIZE_APP, {
      'app/kustomization.yaml': 'resources: [namespace.yaml]\n',
    });
    await infra.git.commit(KUSTOMIZE_APP, {
      write: {
        'app/kustomization.yaml': `resources: [namespace.yaml]\nsecretGenerator:\n  - name: db\n    literals: ["${SHORT_LITERAL}"]\n`,
      },
    });
    const record = await tick(spec);
    const leaks = new LeakCollector();
    leaks.addValue('status', record?.state);
    leaks.addLogger('engine logs', ctx.replica.logger);
    await collectApi(spec, leaks);
    await leaks.addDatabase('store', ctx.knex);
    expect(record?.state.error).toMatch(/^kustomize build of app failed/);
    expect(leaks.findLeaks([SHORT_LITERAL])).toEqual([]);
  });
});
