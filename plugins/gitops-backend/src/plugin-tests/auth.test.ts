import { createBackendModule } from '@backstage/backend-plugin-api';
import { mockCredentials, TestDatabases } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import permissionPlugin from '@backstage/plugin-permission-backend';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import request from 'supertest';
import { documentedRoutes } from '../service/__testUtils__/routerTestKit';
import {
  annotatedComponent,
  configMapYaml,
  descriptor,
  namespaceYaml,
  ONBOARDING_TASK,
  scoped,
  startGitOpsBackend,
  useInfrastructure,
  userAuth,
  waitFor,
} from './__testUtils__/testBackend';

jest.setTimeout(180_000);

const OPERATOR = 'user:default/operator';
const VIEWER = 'user:default/viewer';
const STRANGER = 'user:default/stranger';
const WRITE_PERMISSIONS = [
  'gitops.application.sync',
  'gitops.application.suspend',
  'gitops.application.revert',
];

/**
 * Everyone but a stranger reads; only the operator syncs, suspends and reverts; the stranger may do
 * nothing with GitOps. Decided by the real permission backend.
 */
class OperatorOnlyPolicy implements PermissionPolicy {
  async handle(
    query: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (
      query.permission.name.startsWith('gitops.') &&
      user?.info.userEntityRef === STRANGER
    )
      return { result: AuthorizeResult.DENY };
    if (
      WRITE_PERMISSIONS.includes(query.permission.name) &&
      user?.info.userEntityRef !== OPERATOR
    )
      return { result: AuthorizeResult.DENY };
    return { result: AuthorizeResult.ALLOW };
  }
}

const policyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'gitops-test-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new OperatorOnlyPolicy());
      },
    });
  },
});

describe('gitops plugin: authentication, permissions and audit', () => {
  const databases = TestDatabases.create();
  const infra = useInfrastructure();

  async function setup(
    base: string,
    databaseId: Parameters<typeof databases.init>[0],
  ) {
    const name = scoped(base, databaseId);
    const namespace = infra.cleanup.namespace(name);
    await infra.git.seedRepo(name, {
      'gitops.yaml': descriptor([{ name: 'dev', namespace }]),
      'envs/dev/namespace.yaml': namespaceYaml(namespace),
      'envs/dev/settings.yaml': configMapYaml('settings', namespace, 'v1'),
    });
    await infra.git.commit(
      name,
      {
        write: {
          'envs/dev/settings.yaml': configMapYaml('settings', namespace, 'v2'),
        },
      },
      { message: 'settings v2' },
    );
    const gitops = await startGitOpsBackend({
      databases,
      databaseId,
      infra,
      entities: [annotatedComponent(name, infra.git.repoUrl(name))],
      config: {
        permission: { enabled: true },
        gitops: { webhooks: { github: { secret: 'webhook-secret' } } },
      },
      features: [permissionPlugin, policyModule],
    });
    await gitops.runTask(ONBOARDING_TASK);
    const id = `component:default/${name}#dev`;
    return { gitops, id, name, namespace, api: request(gitops.server) };
  }

  /** Every documented route that needs a Backstage credential, with sample path values. */
  function securedRoutes(id: string, name: string) {
    const samples: Record<string, string> = {
      id: encodeURIComponent(id),
      syncId: 'sync-1',
      kind: 'component',
      namespace: 'default',
      name,
      provider: 'github',
    };
    return documentedRoutes()
      .filter(route => route.authenticated)
      .map(route => ({
        method: route.method as 'get' | 'post',
        path: `/api/gitops${route.path.replace(
          /:(\w+)/g,
          (_, p: string) => samples[p],
        )}`,
      }));
  }

  const send = (
    api: request.Agent | ReturnType<typeof request>,
    route: { method: 'get' | 'post'; path: string },
    header?: string,
  ) => {
    const call =
      route.method === 'get'
        ? api.get(route.path)
        : api.post(route.path).send({});
    return header ? call.set('Authorization', header) : call;
  };

  it.each(databases.eachSupportedId())(
    'refuses every route without a valid credential, and records nothing, %p',
    async databaseId => {
      const { gitops, api, id, name } = await setup(
        'unauthenticated',
        databaseId,
      );
      const routes = securedRoutes(id, name);
      expect(routes.length).toBeGreaterThanOrEqual(13);
      for (const route of routes) {
        for (const header of [
          undefined,
          mockCredentials.user.invalidHeader(),
          mockCredentials.none.header(),
        ]) {
          const response = await send(api, route, header);
          expect([
            route.method,
            route.path,
            header ?? 'no header',
            response.status,
          ]).toEqual([route.method, route.path, header ?? 'no header', 401]);
        }
      }
      expect(gitops.auditEvents()).toEqual([]);
      // the two open routes answer without a credential (the webhook refuses the unsigned delivery itself)
      expect((await api.get('/api/gitops/health')).status).toBe(200);
      expect(
        (await api.post('/api/gitops/webhooks/github').send({})).status,
      ).toBe(401);
      await gitops.stop();
    },
  );

  it.each(databases.eachSupportedId())(
    'lets only a permitted user sync, suspend and revert, and audits every attempt, %p',
    async databaseId => {
      const { gitops, api, id, name } = await setup('permitted', databaseId);
      const app = `/api/gitops/applications/${encodeURIComponent(id)}`;
      const [first] = await waitFor('the first sync', async () => {
        const history = await api
          .get(`${app}/history`)
          .set('Authorization', userAuth(VIEWER));
        return history.body.items?.some(
          (h: { result: string }) => h.result === 'Succeeded',
        )
          ? history.body.items
          : undefined;
      });
      const headBefore = await infra.git.headSha(name);
      const writes = [
        'sync',
        'refresh',
        'suspend',
        'resume',
        'pin',
        'unpin',
        `history/${first.id}/revert`,
      ];
      const body = (action: string) =>
        action === 'pin' ? { revision: first.revision } : {};

      // the viewer reads, but every write is forbidden by the policy and changes nothing
      expect(
        (await api.get(app).set('Authorization', userAuth(VIEWER))).status,
      ).toBe(200);
      for (const action of writes) {
        const response = await api
          .post(`${app}/${action}`)
          .set('Authorization', userAuth(VIEWER))
          .send(body(action));
        expect([action, response.status]).toEqual([action, 403]);
      }
      const untouched = (
        await api.get(app).set('Authorization', userAuth(VIEWER))
      ).body;
      expect([untouched.policy.suspended, untouched.pinnedRevision]).toEqual([
        false,
        undefined,
      ]);
      expect(await infra.git.headSha(name)).toBe(headBefore);
      const refused = gitops.auditEvents().filter(e => e.status === 'failed');
      expect(refused.map(e => e.eventId).sort()).toEqual([
        'gitops-pin',
        'gitops-refresh',
        'gitops-resume',
        'gitops-revert',
        'gitops-suspend',
        'gitops-sync',
        'gitops-unpin',
      ]);
      expect(refused.every(e => e.error?.name === 'NotAllowedError')).toBe(
        true,
      );
      // each denial names who was refused and why
      expect(
        refused.every(
          e =>
            e.actorId === VIEWER &&
            e.meta?.denied === true &&
            String(e.meta?.reason).startsWith(
              'Not allowed: gitops.application.',
            ),
        ),
      ).toBe(true);

      // a stranger, who may not even read, is told the application does not exist: for reads and
      // writes alike, exactly as for an id that exists nowhere; each refusal is audited
      const unknownApp = `/api/gitops/applications/${encodeURIComponent(
        `${id}-nowhere`,
      )}`;
      for (const [suffix, method] of [
        ['', 'get'],
        ['/history', 'get'],
        ['/sync', 'post'],
        ['/pin', 'post'],
        [`/history/${first.id}/revert`, 'post'],
      ] as const) {
        const [hidden, unknown] = await Promise.all(
          [app, unknownApp].map(target =>
            (method === 'get'
              ? api.get(`${target}${suffix}`)
              : api
                  .post(`${target}${suffix}`)
                  .send(suffix === '/pin' ? body('pin') : {})
            ).set('Authorization', userAuth(STRANGER)),
          ),
        );
        expect([suffix, hidden.status, hidden.body.error?.message]).toEqual([
          suffix,
          404,
          unknown.body.error?.message.replace(`${id}-nowhere`, id),
        ]);
      }
      const strangerDenials = gitops
        .auditEvents()
        .filter(e => e.actorId === STRANGER && e.meta?.denied === true);
      expect(strangerDenials.map(e => e.eventId)).toEqual([
        'gitops-read',
        'gitops-read',
        'gitops-sync',
        'gitops-pin',
        'gitops-revert',
      ]);
      expect(await infra.git.headSha(name)).toBe(headBefore);

      // the operator may: each write succeeds and is audited with what it did
      const sync = await api
        .post(`${app}/sync`)
        .set('Authorization', userAuth(OPERATOR))
        .send({});
      expect(sync.status).toBe(202);
      const suspend = await api
        .post(`${app}/suspend`)
        .set('Authorization', userAuth(OPERATOR))
        .send({});
      expect([suspend.status, suspend.body.policy.suspended]).toEqual([
        200,
        true,
      ]);
      const resume = await api
        .post(`${app}/resume`)
        .set('Authorization', userAuth(OPERATOR))
        .send({});
      expect([resume.status, resume.body.policy.suspended]).toEqual([
        200,
        false,
      ]);
      const revert = await api
        .post(`${app}/history/${first.id}/revert`)
        .set('Authorization', userAuth(OPERATOR))
        .send({});
      expect(revert.status).toBe(202);
      expect(await infra.git.headSha(name)).toBe(revert.body.revertCommit);
      // the commit the Git server received says who asked
      const [pushed] = await infra.git.log(name);
      expect(pushed.sha).toBe(revert.body.revertCommit);
      expect(pushed.message).toMatch(
        new RegExp(`\n\nRequested-by: ${OPERATOR}\n?$`),
      );

      const succeeded = gitops
        .auditEvents()
        .filter(e => e.status === 'succeeded');
      expect(succeeded.map(e => e.eventId)).toEqual([
        'gitops-sync',
        'gitops-suspend',
        'gitops-resume',
        'gitops-revert',
      ]);
      expect(succeeded.every(e => e.meta?.applicationId === id)).toBe(true);
      expect(
        succeeded.find(e => e.eventId === 'gitops-revert')?.meta,
      ).toMatchObject({
        syncId: first.id,
        revertCommit: revert.body.revertCommit,
      });
      await gitops.stop();
    },
  );
});
