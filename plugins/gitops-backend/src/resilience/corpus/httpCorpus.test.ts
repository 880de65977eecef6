/* eslint jest/no-standalone-expect: ['error', { additionalTestBlockFunctions: ['itCase', 'itOnPostgres', 'itFailingOnPostgres'] }] -- the suite's own test declarations */
import { ApplicationSpec } from '@backstage-gitops/plugin-gitops-common';
import { TestDatabases } from '@backstage/backend-test-utils';
import { ScmIntegrations } from '@backstage/integration';
import { createHmac } from 'node:crypto';
import request from 'supertest';
import { DatabaseGitOpsStore, GitOpsStore } from '../../database/GitOpsStore';
import {
  namespacedAppSpec,
  localConfig,
  useLocalInfrastructure,
} from '../../engine/integration/harness';
import { preferredDatabase } from '../__testUtils__/databases';
import { historyRows } from '../__testUtils__/historyAudit';
import { LeakCollector, secretManifest } from '../__testUtils__/leakScan';
import { deleteNamespaces, uniqueName } from '../__testUtils__/names';
import { createTestReplica, TestReplica } from '../__testUtils__/replicas';
import {
  createRouterApp,
  USER,
  WEBHOOK_SECRET,
} from '../__testUtils__/routerApp';
import {
  CorpusCase,
  expectedText,
  fill,
  HttpCaseRequest,
  itCase,
  loadCorpus,
} from '../__testUtils__/loadCorpus';

jest.setTimeout(60_000);

/** The generic provider's signature: HMAC-SHA256 of `<timestamp>.<delivery id>.<body>`, in hex. */
const sign = (
  timestamp: string,
  deliveryId: string,
  body: string,
  secret = WEBHOOK_SECRET,
) =>
  createHmac('sha256', secret)
    .update(`${timestamp}.${deliveryId}.${body}`)
    .digest('hex');

/**
 * Sends a case's request as a client would, signing webhook deliveries (at `signedAt`, Unix
 * seconds) unless the case says otherwise.
 */
function send(
  app: Parameters<typeof request>[0],
  req: HttpCaseRequest,
  caseValues: Record<string, string>,
  deliveryId: string,
  signedAt: number,
) {
  const delivery = req.deliveryId === undefined ? deliveryId : req.deliveryId;
  const timestamp = String(signedAt - (req.signedSecondsAgo ?? 0));
  const signedBody = (raw?: string) =>
    req.signBody !== undefined ? fill(req.signBody, caseValues) : raw ?? '';
  let raw =
    req.rawBody !== undefined ? fill(req.rawBody, caseValues) : undefined;
  // a correct digest, for cases that send it without its `sha256=` scheme
  const values = {
    ...caseValues,
    bareDigest: sign(timestamp, delivery ?? '', signedBody(raw)),
  };
  let body = req.body;
  if (req.padBytes && raw !== undefined) raw += ' '.repeat(req.padBytes);
  if (req.padBytes && raw === undefined)
    body = { ...(body as object), padding: 'x'.repeat(req.padBytes) };
  const path = fill(req.path, values);
  let call =
    req.method === 'GET' ? request(app).get(path) : request(app).post(path);
  const webhook = path.startsWith('/webhooks/');
  if (!webhook) call = call.set('authorization', USER);
  if (webhook) {
    call = call.set('content-type', 'application/json');
    call = call.set('x-gitops-timestamp', timestamp);
    if (req.sign !== false)
      call = call.set(
        'x-gitops-signature',
        `sha256=${sign(
          timestamp,
          delivery ?? '',
          signedBody(raw),
          req.signWith,
        )}`,
      );
    if (delivery !== null) call = call.set('x-gitops-delivery', delivery);
  }
  for (const [name, value] of Object.entries(req.headers ?? {}))
    call = call.set(name, fill(value, values));
  if (raw !== undefined) return call.send(raw);
  return body === undefined ? call : call.send(body as object);
}

describe('bad webhook deliveries and API requests: a clear error, nothing queued or applied', () => {
  const databases = TestDatabases.create();
  const infra = useLocalInfrastructure();
  const leaks = new LeakCollector();
  const namespaces: string[] = [];
  afterAll(() => deleteNamespaces(infra.kube, namespaces));
  const ctx = {} as {
    store: GitOpsStore;
    spec: ApplicationSpec;
    replica: TestReplica;
    app: Parameters<typeof request>[0];
    values: Record<string, string>;
    knex: import('knex').Knex;
  };
  let deliveries = 0;

  beforeAll(async () => {
    ctx.knex = await databases.init(preferredDatabase(databases));
    ctx.store = await DatabaseGitOpsStore.create({ knex: ctx.knex });
    // this run's own namespace (the cluster is shared); the application keeps the id the cases name
    const ns = uniqueName('http-corpus');
    namespaces.push(ns);
    await infra.git.seedRepo(ns, {
      'app/namespace.yaml': `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${ns} }\n`,
      'app/cm.yaml':
        'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings }\ndata: { key: value }\n',
      'app/secret.yaml': secretManifest('credentials'),
    });
    ctx.spec = namespacedAppSpec(infra.git, ns, {
      id: 'component:default/http-corpus#dev',
    });
    await ctx.store.replaceApplications(
      { origin: 'catalog', entityRef: ctx.spec.entityRef! },
      [{ spec: ctx.spec }],
    );
    const config = localConfig(infra);
    ctx.replica = createTestReplica(ctx.store, config, {
      replica: 'replica-a',
    });
    await ctx.replica.worker.drain();
    const router = await createRouterApp({
      store: ctx.store,
      integrations: ScmIntegrations.fromConfig(config),
      source: ctx.replica.source,
    });
    leaks.addLogger('router logs', router.logger);
    leaks.addLogger('engine logs', ctx.replica.logger);
    ctx.app = router.app;
    ctx.values = {
      repoUrl: infra.git.repoUrl(ns),
      gitHost: new URL(infra.git.url).host,
      id: encodeURIComponent(ctx.spec.id),
    };
  });
  afterAll(() => ctx.replica?.stop());

  /** The request's answer is the case's status and exact message; afterwards nothing is queued, applied or recorded. */
  async function expectRefused(c: CorpusCase) {
    const deliveryId = `delivery-${++deliveries}`;
    const signedAt = Math.floor(Date.now() / 1000);
    if (c.options.request!.sendTwice) {
      // the first delivery is genuine: it is accepted and its refresh runs before the replay,
      // which repeats it byte for byte
      expect(
        (
          await send(
            ctx.app,
            c.options.request!,
            ctx.values,
            deliveryId,
            signedAt,
          )
        ).status,
      ).toBe(202);
      await ctx.replica.worker.drain();
    }
    const before = {
      record: await ctx.store.getApplication(ctx.spec.id),
      history: await historyRows(ctx.knex, ctx.spec.id),
    };
    infra.kube.clearRequestLog();
    const res = await send(
      ctx.app,
      c.options.request!,
      ctx.values,
      deliveryId,
      signedAt,
    );
    leaks.addValue(`${c.category}/${c.name} response`, res.body);
    expect(res.status).toBe(c.options.status);
    expect(res.body?.error?.message).toEqual(expectedText(c, ctx.values));
    // nothing queued, nothing changed: the next round finds no work and writes nothing
    const after = await ctx.store.getApplication(ctx.spec.id);
    expect(after?.request).toBeUndefined();
    expect({
      suspended: after?.suspended,
      pinned: after?.pinnedRevision,
      state: after?.state,
    }).toEqual({
      suspended: before.record?.suspended,
      pinned: before.record?.pinnedRevision,
      state: before.record?.state,
    });
    await ctx.replica.worker.drain();
    expect(infra.kube.writes()).toEqual([]);
    expect(await historyRows(ctx.knex, ctx.spec.id)).toEqual(before.history);
  }

  describe('webhook deliveries', () => {
    for (const c of loadCorpus('webhooks')) itCase(c, () => expectRefused(c));
  });

  describe('API requests', () => {
    for (const c of loadCorpus('api')) itCase(c, () => expectRefused(c));
  });

  it('a valid delivery and a valid request are still accepted afterwards', async () => {
    const push = `{"repoUrl": "${ctx.values.repoUrl}", "ref": "refs/heads/main"}`;
    const res = await send(
      ctx.app,
      { method: 'POST', path: '/webhooks/generic', rawBody: push },
      ctx.values,
      'delivery-final',
      Math.floor(Date.now() / 1000),
    );
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ triggered: [ctx.spec.id] });
    const list = await request(ctx.app)
      .get('/applications')
      .set('authorization', USER);
    expect(list.status).toBe(200);
    leaks.addValue('list', list.body);
  });

  it('leaks no Secret value into responses or logs', async () => {
    await leaks.addDatabase('store', ctx.knex);
    expect(leaks.findLeaks()).toEqual([]);
  });
});
