import { mockCredentials } from '@backstage/backend-test-utils';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import {
  APP_ID,
  APP_PATH,
  createTestApp,
  documentedRoutes,
  ENTITY_REF,
  samplePath,
  USER_HEADER,
} from './__testUtils__/routerTestKit';

const authenticatedRoutes = documentedRoutes().filter(r => r.authenticated);

describe('authentication', () => {
  it('covers every documented route that needs a token', () => {
    expect(authenticatedRoutes.length).toBe(13);
  });

  it.each(
    authenticatedRoutes.map(r => [r.method.toUpperCase(), r.path] as const),
  )(
    '%s %s answers 401 without credentials and never reaches the service',
    async (method, path) => {
      const { app, service, auditor } = await createTestApp();
      const res = await (request(app) as any)
        [method.toLowerCase()](samplePath(path))
        .send({});
      expect(res.status).toBe(401);
      expect(res.body.error.name).toBe('AuthenticationError');
      for (const fn of Object.values(service))
        expect(fn).not.toHaveBeenCalled();
      expect(auditor.events).toEqual([]);
    },
  );

  it('refuses an invalid token with 401', async () => {
    const { app } = await createTestApp();
    const res = await request(app)
      .get('/applications')
      .set('authorization', mockCredentials.user.invalidHeader());
    expect(res.status).toBe(401);
  });

  it('accepts service credentials', async () => {
    const { app } = await createTestApp();
    const res = await request(app)
      .get('/applications')
      .set('authorization', mockCredentials.service.header());
    expect(res.status).toBe(200);
  });

  it('serves /health without credentials', async () => {
    const { app } = await createTestApp();
    const res = await request(app).get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
  });
});

describe('read routes', () => {
  it('lists with defaults and passes the filters through', async () => {
    const { app, service } = await createTestApp();
    const res = await request(app)
      .get(
        '/applications?cluster=prod&syncStatus=OutOfSync&orderBy=lastSyncAt&order=desc&owner=',
      )
      .set('authorization', USER_HEADER);
    expect(res.status).toBe(200);
    expect(res.body.items[0].id).toBe(APP_ID);
    expect(service.listApplications).toHaveBeenCalledWith({
      cluster: 'prod',
      syncStatus: 'OutOfSync',
      orderBy: 'lastSyncAt',
      order: 'desc',
      offset: 0,
      limit: 50,
    });
  });

  it('reads one application by its URL-encoded id after checking read on its entity', async () => {
    const { app, service, permissions } = await createTestApp();
    const res = await request(app)
      .get(APP_PATH)
      .set('authorization', USER_HEADER);
    expect(res.status).toBe(200);
    expect(service.getApplication).toHaveBeenCalledWith(APP_ID);
    expect(permissions.calls).toEqual([
      {
        method: 'authorize',
        permission: 'gitops.application.read',
        resourceRef: ENTITY_REF,
      },
    ]);
  });

  it('reads history with paging', async () => {
    const { app, service } = await createTestApp();
    const res = await request(app)
      .get(`${APP_PATH}/history?offset=10&limit=5`)
      .set('authorization', USER_HEADER);
    expect(res.status).toBe(200);
    expect(service.getHistory).toHaveBeenCalledWith(APP_ID, {
      offset: 10,
      limit: 5,
    });
  });

  it('reads an entity by kind/namespace/name, normalized to its entity ref', async () => {
    const { app, service, permissions } = await createTestApp();
    const res = await request(app)
      .get('/entities/Component/default/Shop/applications')
      .set('authorization', USER_HEADER);
    expect(res.status).toBe(200);
    expect(service.getEntityApplications).toHaveBeenCalledWith(ENTITY_REF);
    expect(permissions.calls[0]).toMatchObject({ resourceRef: ENTITY_REF });
  });

  it('reads entity history with paging', async () => {
    const { app, service } = await createTestApp();
    await request(app)
      .get('/entities/component/default/shop/history?limit=500')
      .set('authorization', USER_HEADER)
      .expect(200);
    expect(service.getEntityHistory).toHaveBeenCalledWith(ENTITY_REF, {
      offset: 0,
      limit: 500,
    });
  });

  it('answers 403 for listings and entities when read is denied, audits each refusal, and reads nothing', async () => {
    const { app, service, auditor } = await createTestApp({
      decisions: { 'gitops.application.read': AuthorizeResult.DENY },
    });
    for (const path of [
      '/applications',
      '/applications/counts',
      '/entities/component/default/shop/applications',
      '/entities/component/default/shop/history',
    ]) {
      const res = await request(app)
        .get(path)
        .set('authorization', USER_HEADER);
      expect([path, res.status]).toEqual([path, 403]);
    }
    expect(service.listApplications).not.toHaveBeenCalled();
    expect(service.countApplications).not.toHaveBeenCalled();
    expect(service.getEntityApplications).not.toHaveBeenCalled();
    expect(service.getEntityHistory).not.toHaveBeenCalled();
    expect(auditor.outcomes()).toEqual(
      [
        { route: 'list' },
        { route: 'counts' },
        { entityRef: ENTITY_REF },
        { entityRef: ENTITY_REF },
      ].map(meta =>
        expect.objectContaining({
          eventId: 'gitops-read',
          severityLevel: 'low',
          status: 'failed',
          actorId: 'user:default/alice',
          meta: expect.objectContaining({ ...meta, denied: true }),
        }),
      ),
    );
  });

  it.each([APP_PATH, `${APP_PATH}/history`])(
    'GET %s answers an application the caller may not read as unknown (404), and audits the denial',
    async path => {
      const { app, service, auditor } = await createTestApp({
        decisions: { 'gitops.application.read': AuthorizeResult.DENY },
      });
      const hidden = await request(app)
        .get(path)
        .set('authorization', USER_HEADER);
      service.entityRefOf.mockRejectedValue(
        new NotFoundError(`No GitOps application '${APP_ID}'`),
      );
      const unknown = await request(app)
        .get(path)
        .set('authorization', USER_HEADER);
      // the caller cannot tell the two apart
      expect(hidden.status).toBe(404);
      expect(hidden.body).toEqual(unknown.body);
      expect(service.getApplication).not.toHaveBeenCalled();
      expect(service.getHistory).not.toHaveBeenCalled();
      // the audit log can: only the hidden one was a denial
      expect(auditor.outcomes()).toEqual([
        expect.objectContaining({
          eventId: 'gitops-read',
          status: 'failed',
          actorId: 'user:default/alice',
          meta: {
            applicationId: APP_ID,
            denied: true,
            reason: `Not allowed: gitops.application.read on ${ENTITY_REF}`,
          },
        }),
      ]);
    },
  );
});

describe('input validation', () => {
  it.each([
    [
      '/applications?limit=501',
      'limit: Number must be less than or equal to 500',
    ],
    [
      '/applications?limit=0',
      'limit: Number must be greater than or equal to 1',
    ],
    [
      '/applications?offset=-1',
      'offset: Number must be greater than or equal to 0',
    ],
    [
      '/applications?limit=ten',
      'limit: must be a whole number in decimal digits',
    ],
    [
      '/applications?offset=1e23',
      'offset: must be a whole number in decimal digits',
    ],
    [
      '/applications?offset=0x10',
      'offset: must be a whole number in decimal digits',
    ],
    [
      '/applications?offset=%205',
      'offset: must be a whole number in decimal digits',
    ],
    [
      '/applications?offset=100000000000000000000000',
      'offset: Number must be less than or equal to 1000000',
    ],
    ['/applications?syncStatus=Broken', 'syncStatus: Invalid enum value'],
    ['/applications?health=Sick', 'health: Invalid enum value'],
    ['/applications?orderBy=owner', 'orderBy: Invalid enum value'],
    ['/applications?order=up', 'order: Invalid enum value'],
    ['/applications?status=Synced', "Unrecognized key(s) in object: 'status'"],
    [
      '/applications?cluster=a&cluster=b',
      'cluster: Expected string, received array',
    ],
    ['/applications/counts?limit=5', "Unrecognized key(s) in object: 'limit'"],
    [
      `${APP_PATH}/history?limit=1000`,
      'limit: Number must be less than or equal to 500',
    ],
    [
      '/entities/component/default/shop/history?offset=1.5',
      'offset: must be a whole number in decimal digits',
    ],
  ])('GET %s → 400 naming the field', async (path, message) => {
    const { app, service } = await createTestApp();
    const res = await request(app).get(path).set('authorization', USER_HEADER);
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toContain(message);
    expect(service.listApplications).not.toHaveBeenCalled();
  });

  it.each([
    [
      'leading dash',
      { revision: '-rf' },
      'revision: must be a 40-character commit SHA or a valid Git ref name',
    ],
    ['dot-dot ref', { revision: 'main..evil' }, 'revision: must be'],
    [
      '256-char ref',
      { revision: 'x'.repeat(256) },
      'revision: String must contain at most 255 character(s)',
    ],
    [
      'numeric revision',
      { revision: 42 },
      'revision: Expected string, received number',
    ],
    [
      'resource without kind',
      { resources: [{ name: 'web' }] },
      'resources.0.kind: Required',
    ],
    [
      '501 resources',
      {
        resources: Array.from({ length: 501 }, () => ({
          kind: 'Deployment',
          name: 'web',
        })),
      },
      'resources: Array must contain at most 500 element(s)',
    ],
    [
      'unknown resource field',
      { resources: [{ kind: 'Deployment', name: 'web', extra: 1 }] },
      "resources.0: Unrecognized key(s) in object: 'extra'",
    ],
    [
      'unknown body field',
      { force: true },
      "body: Unrecognized key(s) in object: 'force'",
    ],
  ])(
    'POST sync with %s → 400 naming the field',
    async (_label, body, message) => {
      const { app, service } = await createTestApp();
      const res = await request(app)
        .post(`${APP_PATH}/sync`)
        .set('authorization', USER_HEADER)
        .send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(message);
      expect(service.requestSync).not.toHaveBeenCalled();
    },
  );

  it('refuses malformed JSON with 400', async () => {
    const { app } = await createTestApp();
    const res = await request(app)
      .post(`${APP_PATH}/sync`)
      .set('authorization', USER_HEADER)
      .set('content-type', 'application/json')
      .send('{"revision":');
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).not.toMatch(/stack|at .*\.js/);
  });

  it('requires a revision to pin and refuses fields on bodiless actions', async () => {
    const { app } = await createTestApp();
    const pin = await request(app)
      .post(`${APP_PATH}/pin`)
      .set('authorization', USER_HEADER)
      .send({});
    expect(pin.status).toBe(400);
    expect(pin.body.error.message).toBe('revision: Required');
    const suspend = await request(app)
      .post(`${APP_PATH}/suspend`)
      .set('authorization', USER_HEADER)
      .send({ reason: 'x' });
    expect(suspend.status).toBe(400);
    expect(suspend.body.error.message).toContain("'reason'");
  });
});

describe('malformed paths and bodies', () => {
  it.each([
    ['GET', '/applications/%ZZ', 'id'],
    ['GET', '/applications/%E0%A4%A/history', 'id'],
    ['POST', '/applications/%ZZ/sync', 'id'],
    ['POST', `${APP_PATH}/history/%G1/revert`, 'syncId'],
    ['GET', '/entities/component/%/shop/applications', 'namespace'],
    ['POST', '/webhooks/%ZZ', 'provider'],
    ['GET', '/nowhere/%ZZ', 'path'],
  ])('%s %s → 400 naming the parameter %s', async (method, path, parameter) => {
    const { app, service, auditor } = await createTestApp();
    const call = request(app)[method === 'GET' ? 'get' : 'post'](path);
    const res = await call.set('authorization', USER_HEADER).send();
    expect([res.status, res.body.error]).toEqual([
      400,
      {
        name: 'InputError',
        message: `${parameter}: malformed percent-encoding (a '%' must be followed by two hex digits of UTF-8)`,
      },
    ]);
    for (const fn of Object.values(service)) expect(fn).not.toHaveBeenCalled();
    expect(auditor.events).toEqual([]);
  });

  it.each([
    ['text/plain', '{"revision":"main"}'],
    ['application/x-www-form-urlencoded', 'revision=main'],
    ['application/xml', '<revision>main</revision>'],
  ])(
    'refuses a %s body with 415 instead of syncing the default ref',
    async (type, body) => {
      const { app, service, auditor } = await createTestApp();
      const res = await request(app)
        .post(`${APP_PATH}/sync`)
        .set('authorization', USER_HEADER)
        .set('content-type', type)
        .send(body);
      expect([res.status, res.body.error]).toEqual([
        415,
        {
          name: 'UnsupportedMediaTypeError',
          message: `Content-Type: expected application/json, received ${type}`,
        },
      ]);
      expect(service.requestSync).not.toHaveBeenCalled();
      expect(auditor.events).toEqual([]);
    },
  );

  it('accepts a bodiless POST whatever its content type, and JSON with a charset', async () => {
    const { app, service } = await createTestApp();
    await request(app)
      .post(`${APP_PATH}/refresh`)
      .set('authorization', USER_HEADER)
      .set('content-type', 'application/x-www-form-urlencoded')
      .send('')
      .expect(202);
    await request(app)
      .post(`${APP_PATH}/pin`)
      .set('authorization', USER_HEADER)
      .set('content-type', 'application/json; charset=utf-8')
      .send(JSON.stringify({ revision: 'a'.repeat(40) }))
      .expect(200);
    expect(service.requestRefresh).toHaveBeenCalledTimes(1);
    expect(service.pin).toHaveBeenCalledTimes(1);
  });
});

describe('error mapping', () => {
  it.each([
    [
      new NotFoundError('no application x'),
      404,
      'NotFoundError',
      'no application x',
    ],
    [
      new ConflictError('a sync is running'),
      409,
      'ConflictError',
      'a sync is running',
    ],
    [new InputError('bad revision'), 400, 'InputError', 'bad revision'],
    [new NotAllowedError('nope'), 403, 'NotAllowedError', 'nope'],
    [
      new Error('connect ECONNREFUSED 10.0.0.1:6443 at /srv/cache/x'),
      500,
      'Error',
      'Internal server error',
    ],
    [
      Object.assign(new TypeError('x is undefined'), { status: 418 }),
      500,
      'Error',
      'Internal server error',
    ],
  ])(
    'a service error %p answers %i without a stack',
    async (error, status, name, message) => {
      const { app, service } = await createTestApp();
      service.getApplication.mockRejectedValue(error);
      const res = await request(app)
        .get(APP_PATH)
        .set('authorization', USER_HEADER);
      expect(res.status).toBe(status);
      expect(res.body).toEqual({
        error: { name, message },
        request: { method: 'GET', url: APP_PATH },
        response: { statusCode: status },
      });
    },
  );

  it('answers 404 for an unknown application before asking the policy', async () => {
    const { app, service, permissions } = await createTestApp();
    service.entityRefOf.mockRejectedValue(
      new NotFoundError(`Application ${APP_ID} not found`),
    );
    const res = await request(app)
      .get(APP_PATH)
      .set('authorization', USER_HEADER);
    expect(res.status).toBe(404);
    expect(permissions.calls).toEqual([]);
  });
});
