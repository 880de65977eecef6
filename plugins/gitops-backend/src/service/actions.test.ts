import { mockCredentials } from '@backstage/backend-test-utils';
import { ConflictError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import {
  APP_ID,
  APP_PATH,
  createTestApp,
  ENTITY_REF,
  MockedService,
  USER_HEADER,
} from './__testUtils__/routerTestKit';

const SHA = 'a'.repeat(40);
const ALICE = { ref: 'user:default/alice' };

interface ActionCase {
  action: string;
  path: string;
  body?: object;
  permission: string;
  status: number;
  response: (body: any) => void;
  called: (service: MockedService) => jest.MockInstance<any, any>;
  args: unknown[];
  meta?: object;
}

const cases: ActionCase[] = [
  {
    action: 'sync',
    path: `${APP_PATH}/sync`,
    body: { revision: SHA, resources: [{ kind: 'Deployment', name: 'web' }] },
    permission: 'gitops.application.sync',
    status: 202,
    response: body =>
      expect(body).toEqual({
        applicationId: APP_ID,
        queued: true,
        requestId: 'request-1',
        alreadyQueued: false,
      }),
    called: s => s.requestSync,
    args: [
      APP_ID,
      { revision: SHA, resources: [{ kind: 'Deployment', name: 'web' }] },
      ALICE,
    ],
    meta: { revision: SHA, resourceCount: 1 },
  },
  {
    action: 'refresh',
    path: `${APP_PATH}/refresh`,
    permission: 'gitops.application.sync',
    status: 202,
    response: body =>
      expect(body).toEqual({
        applicationId: APP_ID,
        queued: true,
        requestId: 'request-1',
        alreadyQueued: false,
      }),
    called: s => s.requestRefresh,
    args: [APP_ID, ALICE],
  },
  {
    action: 'suspend',
    path: `${APP_PATH}/suspend`,
    permission: 'gitops.application.suspend',
    status: 200,
    response: body => expect(body.syncStatus).toBe('Suspended'),
    called: s => s.setSuspended,
    args: [APP_ID, true, ALICE],
  },
  {
    action: 'resume',
    path: `${APP_PATH}/resume`,
    permission: 'gitops.application.suspend',
    status: 200,
    response: body => expect(body.id).toBe(APP_ID),
    called: s => s.setSuspended,
    args: [APP_ID, false, ALICE],
  },
  {
    action: 'pin',
    path: `${APP_PATH}/pin`,
    body: { revision: SHA },
    permission: 'gitops.application.revert',
    status: 200,
    response: body => expect(body.pinnedRevision).toBe(SHA),
    called: s => s.pin,
    args: [APP_ID, SHA, ALICE],
    meta: { revision: SHA },
  },
  {
    action: 'unpin',
    path: `${APP_PATH}/unpin`,
    permission: 'gitops.application.revert',
    status: 200,
    response: body => expect(body.id).toBe(APP_ID),
    called: s => s.unpin,
    args: [APP_ID, ALICE],
  },
  {
    action: 'revert',
    path: `${APP_PATH}/history/sync-7/revert`,
    permission: 'gitops.application.revert',
    status: 202,
    response: body =>
      expect(body).toEqual({
        applicationId: APP_ID,
        revertCommit: 'c'.repeat(40),
      }),
    called: s => s.revert,
    args: [APP_ID, 'sync-7', ALICE],
    meta: { syncId: 'sync-7' },
  },
];

describe.each(cases)('POST $action', c => {
  it('acts once allowed on the owning entity and audits the success', async () => {
    const { app, service, permissions, auditor } = await createTestApp();
    const res = await request(app)
      .post(c.path)
      .set('authorization', USER_HEADER)
      .send(c.body ?? {});
    expect(res.status).toBe(c.status);
    c.response(res.body);
    expect(c.called(service)).toHaveBeenCalledWith(...c.args);
    // read and the action's own permission, asked together on the owning entity
    expect(permissions.calls).toEqual([
      {
        method: 'authorize',
        permission: 'gitops.application.read',
        resourceRef: ENTITY_REF,
      },
      {
        method: 'authorize',
        permission: c.permission,
        resourceRef: ENTITY_REF,
      },
    ]);
    expect(permissions.authorizeBatches).toBe(1);
    expect(
      auditor.events.map(e => [e.eventId, e.status, e.severityLevel]),
    ).toEqual([
      [`gitops-${c.action}`, 'initiated', 'medium'],
      [`gitops-${c.action}`, 'succeeded', 'medium'],
    ]);
    expect(auditor.events[1].meta).toMatchObject({
      applicationId: APP_ID,
      ...c.meta,
    });
  });

  // one who may read but not act hears 403; one who may not even read hears the 404 of an unknown id
  it.each([
    ['may read but not act', c.permission, 403, 'NotAllowedError'],
    ['may not read', 'gitops.application.read', 404, 'NotFoundError'],
  ])(
    'refuses a caller who %s, audits the denial with actor and reason, and never calls the service',
    async (_label, denied, status, name) => {
      const { app, service, auditor } = await createTestApp({
        decisions: { [denied]: AuthorizeResult.DENY },
      });
      const res = await request(app)
        .post(c.path)
        .set('authorization', USER_HEADER)
        .send(c.body ?? {});
      expect([res.status, res.body.error.name]).toEqual([status, name]);
      // an unreadable application answers exactly as an unknown one
      const notFound = status === 404 ? res.body.error.message : undefined;
      expect(notFound).toBe(
        status === 404 ? `No GitOps application '${APP_ID}'` : undefined,
      );
      expect(res.body.error.stack).toBeUndefined();
      expect(c.called(service)).not.toHaveBeenCalled();
      expect(auditor.outcomes()).toEqual([
        expect.objectContaining({
          eventId: `gitops-${c.action}`,
          status: 'failed',
          actorId: 'user:default/alice',
          meta: expect.objectContaining({
            applicationId: APP_ID,
            denied: true,
            reason: `Not allowed: ${denied} on ${ENTITY_REF}`,
          }),
        }),
      ]);
    },
  );

  it('maps a busy application (ConflictError) to 409 and audits the failure', async () => {
    const { app, service, auditor } = await createTestApp();
    c.called(service).mockRejectedValue(
      new ConflictError('a sync is already running'),
    );
    const res = await request(app)
      .post(c.path)
      .set('authorization', USER_HEADER)
      .send(c.body ?? {});
    expect(res.status).toBe(409);
    expect(res.body.error.message).toBe('a sync is already running');
    expect(auditor.outcomes()[0]).toMatchObject({
      status: 'failed',
      error: expect.any(ConflictError),
    });
    // a busy application is a failure, not a denial
    expect(auditor.outcomes()[0].meta?.denied).toBeUndefined();
  });
});

describe('permission checks beyond the entity', () => {
  it('a permission for another action does not open this one', async () => {
    const { app, service } = await createTestApp({
      decisions: { 'gitops.application.sync': AuthorizeResult.DENY },
    });
    await request(app)
      .post(`${APP_PATH}/suspend`)
      .set('authorization', USER_HEADER)
      .expect(200);
    await request(app)
      .post(`${APP_PATH}/sync`)
      .set('authorization', USER_HEADER)
      .expect(403);
    expect(service.setSuspended).toHaveBeenCalledTimes(1);
    expect(service.requestSync).not.toHaveBeenCalled();
  });

  it('asks the policy without a resource for an application from static config', async () => {
    const { app, service, permissions } = await createTestApp();
    service.entityRefOf.mockResolvedValue(undefined);
    await request(app)
      .post('/applications/config%3Aplatform/sync')
      .set('authorization', USER_HEADER)
      .expect(202);
    expect(permissions.calls).toEqual([
      { method: 'authorizeConditional', permission: 'gitops.application.read' },
      { method: 'authorizeConditional', permission: 'gitops.application.sync' },
    ]);
    expect(service.requestSync).toHaveBeenCalledWith(
      'config:platform',
      {},
      ALICE,
    );
  });

  it('refuses a conditional decision for an application without an entity', async () => {
    const { app, service } = await createTestApp({
      decisions: { 'gitops.application.sync': AuthorizeResult.CONDITIONAL },
    });
    service.entityRefOf.mockResolvedValue(undefined);
    await request(app)
      .post('/applications/config%3Aplatform/sync')
      .set('authorization', USER_HEADER)
      .expect(403);
    expect(service.requestSync).not.toHaveBeenCalled();
  });

  it.each([
    ['pin', `${APP_PATH}/pin`, { revision: SHA }],
    ['revert', `${APP_PATH}/history/sync-7/revert`, {}],
  ])(
    '%s acts only on applications whose entity the caller may act on',
    async (action, path, body) => {
      // the caller may revert on its own team's entity, and only read the other team's
      const { app, service, permissions, auditor } = await createTestApp();
      permissions.perPermission = {
        'gitops.application.revert': {
          'component:default/theirs': AuthorizeResult.DENY,
        },
      };
      service.entityRefOf.mockResolvedValue('component:default/theirs');
      const refused = await request(app)
        .post(path)
        .set('authorization', USER_HEADER)
        .send(body);
      expect(refused.status).toBe(403);
      expect(service.pin).not.toHaveBeenCalled();
      expect(service.revert).not.toHaveBeenCalled();
      service.entityRefOf.mockResolvedValue(ENTITY_REF);
      await request(app)
        .post(path)
        .set('authorization', USER_HEADER)
        .send(body)
        .expect(action === 'pin' ? 200 : 202);
      expect(
        auditor.outcomes().map(e => [e.status, e.meta?.reason ?? null]),
      ).toEqual([
        [
          'failed',
          'Not allowed: gitops.application.revert on component:default/theirs',
        ],
        ['succeeded', null],
      ]);
    },
  );

  it('records a service principal as the actor', async () => {
    const { app, service } = await createTestApp();
    await request(app)
      .post(`${APP_PATH}/refresh`)
      .set('authorization', mockCredentials.service.header())
      .expect(202);
    expect(service.requestRefresh).toHaveBeenCalledWith(APP_ID, {
      ref: 'external:test-service',
    });
  });

  it('does not audit a request refused for bad input (nothing was attempted)', async () => {
    const { app, auditor } = await createTestApp();
    await request(app)
      .post(`${APP_PATH}/pin`)
      .set('authorization', USER_HEADER)
      .send({ revision: '--upload-pack=x' })
      .expect(400);
    expect(auditor.events).toEqual([]);
  });
});
