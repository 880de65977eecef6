import request from 'supertest';
import {
  APP_ID,
  createTestApp,
  WEBHOOK_SECRETS,
} from './__testUtils__/routerTestKit';
import {
  PROVIDER_SPECS,
  signBody,
  WebhookProvider,
} from './webhooks/providers';
import { PAYLOADS } from './__testUtils__/pushPayloads';

const EVENT_TYPES: Record<WebhookProvider, string | undefined> = {
  github: 'push',
  gitlab: 'Push Hook',
  gitea: 'push',
  bitbucket: 'repo:refs_changed',
  generic: undefined,
};

/** A delivery as the provider would send it: signed raw JSON, delivery id, event type. */
function deliver(
  app: Parameters<typeof request>[0],
  provider: WebhookProvider,
  payload: unknown,
  options: {
    deliveryId?: string | null;
    signature?: string | null;
    secret?: string;
    raw?: string;
  } = {},
) {
  const body = options.raw ?? JSON.stringify(payload);
  const spec = PROVIDER_SPECS[provider];
  const req = request(app)
    .post(`/webhooks/${provider}`)
    .set('content-type', 'application/json');
  const signature =
    options.signature === undefined
      ? signBody(provider, body, options.secret ?? WEBHOOK_SECRETS[provider])
          .value
      : options.signature;
  if (signature !== null) req.set(spec.signatureHeader, signature);
  if (options.deliveryId !== null)
    req.set(spec.deliveryHeader, options.deliveryId ?? 'delivery-1');
  const eventType = EVENT_TYPES[provider];
  if (spec.eventHeader && eventType) req.set(spec.eventHeader, eventType);
  return req.send(body);
}

describe('POST /webhooks/:provider', () => {
  it('a validly signed GitHub push triggers the applications following that repo and branch', async () => {
    const { app, service, auditor } = await createTestApp();
    const res = await deliver(app, 'github', PAYLOADS.github, {
      deliveryId: '72d3162e-cc78-11e3-81ab-4c9367dc0958',
    });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ triggered: [APP_ID] });
    expect(service.handlePush).toHaveBeenCalledTimes(1);
    expect(service.handlePush).toHaveBeenCalledWith({
      repoUrl: 'https://github.com/Team/shop-config',
      branch: 'main',
      deliveryId: 'github:72d3162e-cc78-11e3-81ab-4c9367dc0958',
    });
    expect(auditor.outcomes()).toEqual([
      expect.objectContaining({
        eventId: 'gitops-webhook',
        status: 'succeeded',
        meta: expect.objectContaining({
          provider: 'github',
          triggered: [APP_ID],
        }),
      }),
    ]);
  });

  it.each<[WebhookProvider, string, string[]]>([
    ['gitlab', 'https://gitlab.example.com/team/shop-config', ['release/1.x']],
    ['gitea', 'http://127.0.0.1:3000/team/shop-config', ['main']],
    [
      'bitbucket',
      'https://bitbucket.example.com/scm/team/shop-config',
      ['main', 'dev'],
    ],
    ['generic', 'https://git.example.com/team/shop-config', ['main']],
  ])(
    'a validly signed %s push reaches handlePush',
    async (provider, repoUrl, branches) => {
      const { app, service } = await createTestApp();
      const res = await deliver(app, provider, PAYLOADS[provider]);
      expect(res.status).toBe(202);
      expect(service.handlePush.mock.calls.map(([push]) => push)).toEqual(
        branches.map(branch => ({
          repoUrl,
          branch,
          deliveryId:
            branches.length === 1
              ? `${provider}:delivery-1`
              : `${provider}:delivery-1:${branch}`,
        })),
      );
    },
  );

  it('needs no Backstage credentials', async () => {
    const { app } = await createTestApp();
    const res = await deliver(app, 'generic', PAYLOADS.generic);
    expect(res.status).toBe(202);
  });

  it("ignores a provider's own Authorization header (not a Backstage token)", async () => {
    const { app, service, auditor } = await createTestApp();
    const body = JSON.stringify(PAYLOADS.gitea);
    const res = await request(app)
      .post('/webhooks/gitea')
      .set('content-type', 'application/json')
      .set('authorization', 'Bearer gitea-configured-value')
      .set('x-gitea-event', 'push')
      .set('x-gitea-delivery', 'g-1')
      .set(
        'x-gitea-signature',
        signBody('gitea', body, WEBHOOK_SECRETS.gitea).value,
      )
      .send(body);
    expect(res.status).toBe(202);
    expect(service.handlePush).toHaveBeenCalledTimes(1);
    expect(auditor.outcomes()).toEqual([
      expect.objectContaining({ status: 'succeeded' }),
    ]);
  });

  it.each<[string, { signature?: string | null; secret?: string }]>([
    ['a missing signature', { signature: null }],
    ['a signature made with another secret', { secret: 'guessed' }],
    ['a malformed signature', { signature: 'sha256=not-hex' }],
  ])('refuses %s with 401 and triggers nothing', async (_label, options) => {
    const { app, service, auditor } = await createTestApp();
    const res = await deliver(app, 'github', PAYLOADS.github, options);
    expect(res.status).toBe(401);
    expect(res.body.error.name).toBe('AuthenticationError');
    expect(JSON.stringify(res.body)).not.toContain('stack');
    expect(service.handlePush).not.toHaveBeenCalled();
    expect(auditor.events).toEqual([]);
  });

  it('refuses a body altered after signing', async () => {
    const { app, service } = await createTestApp();
    const signed = JSON.stringify(PAYLOADS.github);
    const res = await request(app)
      .post('/webhooks/github')
      .set('content-type', 'application/json')
      .set(
        'x-hub-signature-256',
        signBody('github', signed, WEBHOOK_SECRETS.github).value,
      )
      .set('x-github-delivery', 'd-1')
      .send(signed.replace('refs/heads/main', 'refs/heads/evil'));
    expect(res.status).toBe(401);
    expect(service.handlePush).not.toHaveBeenCalled();
  });

  it('answers a replayed delivery with 409 and triggers nothing', async () => {
    const { app, service, auditor } = await createTestApp();
    service.handlePush.mockResolvedValue({ triggered: [], replay: true });
    const res = await deliver(app, 'github', PAYLOADS.github);
    expect(res.status).toBe(409);
    expect(res.body.error.name).toBe('ConflictError');
    expect(service.handlePush).toHaveBeenCalledTimes(1);
    expect(auditor.outcomes()).toEqual([
      expect.objectContaining({ eventId: 'gitops-webhook', status: 'failed' }),
    ]);
  });

  it('is not a replay when only some branches of a multi-branch delivery were seen', async () => {
    const { app, service } = await createTestApp();
    service.handlePush
      .mockResolvedValueOnce({ triggered: [], replay: true })
      .mockResolvedValueOnce({
        triggered: ['component:default/shop#dev'],
        replay: false,
      });
    const res = await deliver(app, 'bitbucket', PAYLOADS.bitbucket);
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ triggered: ['component:default/shop#dev'] });
  });

  it('refuses a 10 MB body with 413 and triggers nothing', async () => {
    const { app, service } = await createTestApp();
    const huge = JSON.stringify({
      ...PAYLOADS.github,
      padding: 'x'.repeat(10 * 1024 * 1024),
    });
    const res = await deliver(app, 'github', undefined, { raw: huge });
    expect(res.status).toBe(413);
    expect(res.body.error.message).toMatch(/too large/i);
    expect(service.handlePush).not.toHaveBeenCalled();
  });

  it('acknowledges a tag push with an empty trigger list', async () => {
    const { app, service } = await createTestApp();
    const res = await deliver(app, 'github', {
      ...PAYLOADS.github,
      ref: 'refs/tags/v1.2.3',
    });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ triggered: [] });
    expect(service.handlePush).not.toHaveBeenCalled();
  });

  it('acknowledges a GitHub ping without triggering', async () => {
    const { app, service } = await createTestApp();
    const body = JSON.stringify({ zen: 'Keep it logically awesome.' });
    const res = await request(app)
      .post('/webhooks/github')
      .set('content-type', 'application/json')
      .set('x-github-event', 'ping')
      .set('x-github-delivery', 'p-1')
      .set(
        'x-hub-signature-256',
        signBody('github', body, WEBHOOK_SECRETS.github).value,
      )
      .send(body);
    expect(res.status).toBe(202);
    expect(service.handlePush).not.toHaveBeenCalled();
  });

  it('reads GitHub form-encoded deliveries', async () => {
    const { app, service } = await createTestApp();
    const body = new URLSearchParams({
      payload: JSON.stringify(PAYLOADS.github),
    }).toString();
    const res = await request(app)
      .post('/webhooks/github')
      .set('content-type', 'application/x-www-form-urlencoded')
      .set('x-github-event', 'push')
      .set('x-github-delivery', 'f-1')
      .set(
        'x-hub-signature-256',
        signBody('github', body, WEBHOOK_SECRETS.github).value,
      )
      .send(body);
    expect(res.status).toBe(202);
    expect(service.handlePush).toHaveBeenCalledWith(
      expect.objectContaining({ branch: 'main', deliveryId: 'github:f-1' }),
    );
  });

  it('refuses signed malformed JSON with 400', async () => {
    const { app, service } = await createTestApp();
    const res = await deliver(app, 'github', undefined, {
      raw: '{"ref": "refs/heads/main"',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('payload: malformed JSON');
    expect(service.handlePush).not.toHaveBeenCalled();
  });

  it('requires a delivery id', async () => {
    const { app, service } = await createTestApp();
    const res = await deliver(app, 'gitlab', PAYLOADS.gitlab, {
      deliveryId: null,
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('x-gitlab-event-uuid');
    expect(service.handlePush).not.toHaveBeenCalled();
  });

  it('answers 404 for an unknown provider and for a provider without a secret', async () => {
    const { app, service } = await createTestApp({
      webhooks: { github: { secret: 'only-github' } },
    });
    expect((await deliver(app, 'gitlab', PAYLOADS.gitlab)).status).toBe(404);
    const unknown = await request(app)
      .post('/webhooks/svn')
      .set('content-type', 'application/json')
      .send('{}');
    expect(unknown.status).toBe(404);
    expect(service.handlePush).not.toHaveBeenCalled();
  });
});
