import { ApplicationSpec } from '@backstage-gitops/plugin-gitops-common';
import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import { ScmIntegrations } from '@backstage/integration';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { Knex } from 'knex';
import request from 'supertest';
import { DatabaseGitOpsStore, GitOpsStore } from '../../database/GitOpsStore';
import {
  appSpec,
  localConfig,
  useLocalInfrastructure,
} from '../../engine/integration/harness';
import { documentedRoutes } from '../../service/__testUtils__/routerTestKit';
import { preferredDatabase } from '../__testUtils__/databases';
import { LeakCollector, secretManifest } from '../__testUtils__/leakScan';
import { deleteNamespaces, uniqueName } from '../__testUtils__/names';
import { createTestReplica } from '../__testUtils__/replicas';
import { GitRepositoryCache } from '../../engine/source/gitRepositoryCache';
import { createRouterApp, USER } from '../__testUtils__/routerApp';

jest.setTimeout(60_000);

const ROUTES = documentedRoutes();
/** The permission each authenticated route checks, from the API description. */
const REQUIRED: Record<string, string> = {
  'get /applications': 'gitops.application.read',
  'get /applications/counts': 'gitops.application.read',
  'get /applications/:id': 'gitops.application.read',
  'get /applications/:id/history': 'gitops.application.read',
  'get /entities/:kind/:namespace/:name/applications':
    'gitops.application.read',
  'get /entities/:kind/:namespace/:name/history': 'gitops.application.read',
  'post /applications/:id/sync': 'gitops.application.sync',
  'post /applications/:id/refresh': 'gitops.application.sync',
  'post /applications/:id/suspend': 'gitops.application.suspend',
  'post /applications/:id/resume': 'gitops.application.suspend',
  'post /applications/:id/pin': 'gitops.application.revert',
  'post /applications/:id/unpin': 'gitops.application.revert',
  'post /applications/:id/history/:syncId/revert': 'gitops.application.revert',
};
const PERMISSIONS = [
  'gitops.application.read',
  'gitops.application.sync',
  'gitops.application.suspend',
  'gitops.application.revert',
];

describe('every documented route refuses callers without a credential or a permission', () => {
  const databases = TestDatabases.create();
  const infra = useLocalInfrastructure();
  const leaks = new LeakCollector();
  const namespaces: string[] = [];
  afterAll(() => deleteNamespaces(infra.kube, namespaces));
  const ctx = {} as {
    knex: Knex;
    store: GitOpsStore;
    spec: ApplicationSpec;
    syncId: string;
    head: string;
    values: Record<string, string>;
    bodies: Record<string, object>;
    source: GitRepositoryCache;
    stopReplica: () => Promise<void>;
  };
  afterAll(() => ctx.stopReplica?.());

  beforeAll(async () => {
    ctx.knex = await databases.init(preferredDatabase(databases));
    ctx.store = await DatabaseGitOpsStore.create({ knex: ctx.knex });
    // the application's namespace is this run's own (the cluster is shared); its entity stays route-auth
    const ns = uniqueName('route-auth');
    namespaces.push(ns);
    await infra.git.seedRepo(ns, {
      'app/namespace.yaml': `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${ns} }\n`,
      'app/secret.yaml': secretManifest('credentials'),
    });
    ctx.head = await infra.git.commit(ns, {
      write: {
        'app/cm.yaml':
          'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings }\n',
      },
    });
    ctx.spec = appSpec(infra.git, ns, {
      id: 'component:default/route-auth#dev',
      entityRef: 'component:default/route-auth',
      source: { repoUrl: infra.git.repoUrl(ns), ref: 'main', path: 'app' },
      destination: {
        cluster: 'local',
        namespace: ns,
        allowedNamespaces: [ns],
        allowClusterScoped: false,
      },
    });
    await ctx.store.replaceApplications(
      { origin: 'catalog', entityRef: ctx.spec.entityRef! },
      [{ spec: ctx.spec }],
    );
    const replica = createTestReplica(ctx.store, localConfig(infra), {
      replica: 'replica-a',
    });
    await replica.worker.drain();
    await replica.worker.stop();
    // the Git cache stays: pins are checked against the remote through it
    ctx.source = replica.source;
    ctx.stopReplica = () => replica.stop();
    ctx.syncId = (
      await ctx.store.listHistory(
        { applicationId: ctx.spec.id },
        { offset: 0, limit: 1 },
      )
    ).items[0].id;
    ctx.values = {
      id: encodeURIComponent(ctx.spec.id),
      syncId: ctx.syncId,
      kind: 'component',
      namespace: 'default',
      name: 'route-auth',
      provider: 'generic',
    };
    ctx.bodies = { 'post /applications/:id/pin': { revision: ctx.head } };
  });

  const path = (route: string) =>
    route.replace(/:(\w+)/g, (_, p: string) => ctx.values[p]);
  const call = (
    app: Parameters<typeof request>[0],
    method: string,
    route: string,
    auth?: string,
  ) => {
    const req =
      method === 'get'
        ? request(app).get(path(route))
        : request(app)
            .post(path(route))
            .send(ctx.bodies[`${method} ${route}`] ?? {});
    return auth ? req.set('authorization', auth) : req;
  };

  /** What a refused call must have left alone: no queued request, no override, no new history, no push. */
  async function expectUntouched() {
    const record = await ctx.store.getApplication(ctx.spec.id);
    expect({
      request: record?.request,
      suspended: record?.suspended,
      pinned: record?.pinnedRevision,
    }).toEqual({ request: undefined, suspended: false, pinned: undefined });
    expect(
      (
        await ctx.store.listHistory(
          { applicationId: ctx.spec.id },
          { offset: 0, limit: 10 },
        )
      ).totalCount,
    ).toBe(1);
    expect(
      await infra.git.headSha(
        ctx.spec.source.repoUrl
          .split('/')
          .pop()!
          .replace(/\.git$/, ''),
      ),
    ).toBe(ctx.head);
  }

  it('knows the permission of every authenticated route in openapi.yaml', () => {
    const authenticated = ROUTES.filter(r => r.authenticated).map(
      r => `${r.method} ${r.path}`,
    );
    expect(authenticated.sort()).toEqual(Object.keys(REQUIRED).sort());
    expect(
      ROUTES.filter(r => !r.authenticated)
        .map(r => `${r.method} ${r.path}`)
        .sort(),
    ).toEqual(['get /health', 'post /webhooks/:provider']);
  });

  it.each(
    ROUTES.filter(r => r.authenticated).map(
      r => [r.method.toUpperCase(), r.path] as const,
    ),
  )(
    '%s %s: 401 without a token and with a forged one',
    async (method, route) => {
      const { app, auditor } = await createRouterApp({
        store: ctx.store,
        integrations: ScmIntegrations.fromConfig(localConfig(infra)),
        source: ctx.source,
      });
      for (const auth of [
        undefined,
        mockCredentials.user.invalidHeader(),
        'Bearer not-a-backstage-token',
      ]) {
        const res = await call(app, method.toLowerCase(), route, auth);
        leaks.addValue(`${method} ${route}`, res.body);
        expect([auth, res.status, res.body.error?.name]).toEqual([
          auth,
          401,
          'AuthenticationError',
        ]);
      }
      expect(auditor.outcomes().filter(e => e.status === 'succeeded')).toEqual(
        [],
      );
      await expectUntouched();
    },
  );

  /** Routes about one application: a caller who may not read it is told it does not exist. */
  const aboutOneApplication = (route: string) =>
    route.startsWith('/applications/:id');

  it.each(
    ROUTES.filter(r => r.authenticated).map(
      r => [r.method.toUpperCase(), r.path] as const,
    ),
  )(
    '%s %s: refused when exactly its permission is denied, and the denial audited',
    async (method, route) => {
      const key = `${method.toLowerCase()} ${route}`;
      const { app, auditor } = await createRouterApp({
        store: ctx.store,
        integrations: ScmIntegrations.fromConfig(localConfig(infra)),
        source: ctx.source,
        decisions: { [REQUIRED[key]]: AuthorizeResult.DENY },
      });
      const res = await call(app, method.toLowerCase(), route, USER);
      leaks.addValue(`${method} ${route} denied`, res.body);
      // without read, an application's routes answer as for an unknown id; a write the caller
      // may read but not perform is forbidden
      const hidden =
        aboutOneApplication(route) &&
        REQUIRED[key] === 'gitops.application.read';
      const unknownId = `No GitOps application '${ctx.spec.id}'`;
      expect({
        status: res.status,
        name: res.body.error?.name,
        saysUnknown: res.body.error?.message === unknownId,
      }).toEqual(
        hidden
          ? { status: 404, name: 'NotFoundError', saysUnknown: true }
          : { status: 403, name: 'NotAllowedError', saysUnknown: false },
      );
      expect(auditor.outcomes()).toEqual([
        expect.objectContaining({
          status: 'failed',
          actorId: 'user:default/alice',
          meta: expect.objectContaining({
            denied: true,
            reason: expect.stringContaining(REQUIRED[key]),
          }),
        }),
      ]);
      await expectUntouched();
    },
  );

  it.each(
    ROUTES.filter(
      r =>
        r.authenticated && r.method === 'post' && aboutOneApplication(r.path),
    ).map(r => [r.method.toUpperCase(), r.path] as const),
  )(
    '%s %s: 404 for a caller who may not read the application, even with the write permission',
    async (method, route) => {
      const { app, auditor } = await createRouterApp({
        store: ctx.store,
        integrations: ScmIntegrations.fromConfig(localConfig(infra)),
        source: ctx.source,
        decisions: { 'gitops.application.read': AuthorizeResult.DENY },
      });
      const res = await call(app, method.toLowerCase(), route, USER);
      expect([res.status, res.body.error?.message]).toEqual([
        404,
        `No GitOps application '${ctx.spec.id}'`,
      ]);
      expect(auditor.outcomes()).toEqual([
        expect.objectContaining({
          status: 'failed',
          meta: expect.objectContaining({
            denied: true,
            reason: `Not allowed: gitops.application.read on ${ctx.spec.entityRef}`,
          }),
        }),
      ]);
      await expectUntouched();
    },
  );

  it('a policy whose conditions match no entity (not the owner) shows nothing and changes nothing', async () => {
    const conditional = Object.fromEntries(
      PERMISSIONS.map(p => [p, AuthorizeResult.CONDITIONAL]),
    ) as Record<string, AuthorizeResult.CONDITIONAL>;
    const { app } = await createRouterApp({
      store: ctx.store,
      integrations: ScmIntegrations.fromConfig(localConfig(infra)),
      source: ctx.source,
      decisions: conditional,
    });
    const answers = [];
    for (const r of ROUTES.filter(x => x.authenticated)) {
      const res = await call(app, r.method, r.path, USER);
      leaks.addValue(`${r.method} ${r.path} conditional`, res.body);
      answers.push([
        r.method,
        r.path,
        res.status,
        res.body.items ?? res.body.total,
      ]);
    }
    // listings answer with nothing in them; the application is unknown to this caller, its
    // entity's routes forbidden
    expect(answers).toEqual(
      ROUTES.filter(x => x.authenticated).map(r => {
        if (r.path === '/applications') return [r.method, r.path, 200, []];
        if (r.path === '/applications/counts')
          return [r.method, r.path, 200, 0];
        if (aboutOneApplication(r.path))
          return [r.method, r.path, 404, undefined];
        return [r.method, r.path, 403, undefined];
      }),
    );
    await expectUntouched();
  });

  it('the unauthenticated routes: the webhook receiver needs a signature, health says nothing', async () => {
    const { app } = await createRouterApp({
      store: ctx.store,
      integrations: ScmIntegrations.fromConfig(localConfig(infra)),
      source: ctx.source,
    });
    const hook = await request(app)
      .post('/webhooks/generic')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ repoUrl: ctx.spec.source.repoUrl, ref: 'main' }));
    expect([hook.status, hook.body.error?.message]).toEqual([
      401,
      'Missing x-gitops-signature header',
    ]);
    const health = await request(app).get('/health');
    expect([health.status, health.body]).toEqual([200, { status: 'ok' }]);
    await expectUntouched();
  });

  // last, because it changes the application: proves each refusal above came from that one
  // permission (writes need read as well: without it the application does not exist for the caller)
  it('with only its own permission (and read) allowed, every route is served', async () => {
    for (const r of ROUTES.filter(x => x.authenticated)) {
      const key = `${r.method} ${r.path}`;
      const others = Object.fromEntries(
        PERMISSIONS.filter(
          p => p !== REQUIRED[key] && p !== 'gitops.application.read',
        ).map(p => [p, AuthorizeResult.DENY]),
      );
      const { app } = await createRouterApp({
        store: ctx.store,
        integrations: ScmIntegrations.fromConfig(localConfig(infra)),
        source: ctx.source,
        decisions: others,
      });
      const res = await call(app, r.method, r.path, USER);
      leaks.addValue(`${key} allowed`, res.body);
      // 409: a revert of the repository's first commit has nothing to revert to; still past the permission check
      expect([key, [200, 202, 409].includes(res.status)]).toEqual([key, true]);
    }
  });

  it('no response carried a Secret value', () => {
    expect(leaks.size()).toBeGreaterThan(0);
    expect(leaks.findLeaks()).toEqual([]);
  });
});
