import request from 'supertest';
import {
  APP_ID,
  createTestApp,
  WEBHOOK_SECRETS,
} from './__testUtils__/routerTestKit';
import {
  PROVIDER_SPECS,
  signDelivery,
  WebhookProvider,
} from './webhooks/providers';
import { PAYLOADS, sentAt } from './__testUtils__/pushPayloads';

const EVENT_TYPES: Record<WebhookProvider, string | undefined> = {
  github: 'push',
  gitlab: 'Push Hook',
  gitea: 'push',
  bitbucket: 'repo:refs_changed',
  generic: undefined,
};

/** The signature header's value for a provider that signs only the body. */
const signatureOf = (provider: WebhookProvider, body: string) =>
  signDelivery(provider, body, WEBHOOK_SECRETS[provider], { id: 'unused' })[
    PROVIDER_SPECS[provider].signatureHeader
  ];

/**
 * A delivery as the provider would send it at `sentAt` (default now): signed raw JSON with the
 * provider's signed time, delivery id, event type.
 */
function deliver(
  app: Parameters<typeof request>[0],
  provider: WebhookProvider,
  payload: unknown,
  options: {
    deliveryId?: string | null;
    signature?: string | null;
    secret?: string;
    raw?: string;
    sentAt?: Date;
    omit?: string[];
  } = {},
) {
  const body =
    options.raw ?? JSON.stringify(sentAt(provider, payload, options.sentAt));
  const spec = PROVIDER_SPECS[provider];
  const req = request(app)
    .post(`/webhooks/${provider}`)
    .set('content-type', 'application/json');
  const headers = signDelivery(
    provider,
    body,
    options.secret ?? WEBHOOK_SECRETS[provider],
    { id: options.deliveryId ?? 'delivery-1', now: options.sentAt },
  );
  if (options.signature !== undefined) {
    delete headers[spec.signatureHeader];
    if (options.signature !== null)
      headers[spec.signatureHeader] = options.signature;
  }
  if (options.deliveryId === null) delete headers[spec.deliveryHeader];
  for (const name of options.omit ?? []) delete headers[name];
  for (const [name, value] of Object.entries(headers)) req.set(name, value);
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
      replayKey: expect.stringMatching(/^github:[0-9a-f]{64}$/),
      rememberUntil: expect.any(Date),
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
      const pushes = service.handlePush.mock.calls.map(([push]) => push);
      expect(pushes).toEqual(
        branches.map(branch => ({
          repoUrl,
          branch,
          deliveryId: `${provider}:delivery-1`,
          replayKey: expect.stringMatching(
            new RegExp(`^${provider}:[0-9a-f]{64}$`),
          ),
          rememberUntil: expect.any(Date),
        })),
      );
      // one replay key per branch, so a retry still reaches a branch not yet handled
      expect(new Set(pushes.map(p => p.replayKey)).size).toBe(branches.length);
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
      .set('x-gitea-signature', signatureOf('gitea', body))
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
    const signed = JSON.stringify(sentAt('github', PAYLOADS.github));
    const res = await request(app)
      .post('/webhooks/github')
      .set('content-type', 'application/json')
      .set('x-hub-signature-256', signatureOf('github', signed))
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

  it('derives the replay key from the signed content: a new delivery id does not make a replay new', async () => {
    const { app, service } = await createTestApp();
    const sent = new Date();
    await deliver(app, 'github', PAYLOADS.github, {
      deliveryId: 'first',
      sentAt: sent,
    }).expect(202);
    await deliver(app, 'github', PAYLOADS.github, {
      deliveryId: 'second',
      sentAt: sent,
    }).expect(202);
    await deliver(
      app,
      'github',
      { ...PAYLOADS.github, after: '2'.repeat(40) },
      { deliveryId: 'third', sentAt: sent },
    ).expect(202);
    const [first, second, other] = service.handlePush.mock.calls.map(
      ([push]) => push.replayKey,
    );
    expect(second).toBe(first);
    expect(other).not.toBe(first);
  });

  it.each<[WebhookProvider, number]>([
    ['github', -6 * 60],
    ['github', 6 * 60],
    ['bitbucket', -24 * 3600],
    ['generic', -301],
  ])(
    'refuses a %s delivery signed %i s from now with 401 and triggers nothing',
    async (provider, offsetSeconds) => {
      const { app, service, auditor } = await createTestApp();
      const res = await deliver(app, provider, PAYLOADS[provider], {
        sentAt: new Date(Date.now() + offsetSeconds * 1000),
      });
      expect(res.status).toBe(401);
      expect(res.body.error.message).toMatch(
        /^Delivery signed at .* is outside the accepted window of 300 s/,
      );
      expect(service.handlePush).not.toHaveBeenCalled();
      expect(auditor.events).toEqual([]);
    },
  );

  it('remembers a timed delivery as long as it would be accepted, an untimed one for a day', async () => {
    const { app, service } = await createTestApp();
    const sent = new Date(Date.now() - 60_000);
    await deliver(app, 'github', PAYLOADS.github, { sentAt: sent }).expect(202);
    await deliver(app, 'gitea', PAYLOADS.gitea).expect(202);
    const [github, gitea] = service.handlePush.mock.calls.map(([push]) =>
      push.rememberUntil.getTime(),
    );
    expect(github).toBe(Math.floor(sent.getTime() / 1000) * 1000 + 300_000);
    expect(gitea - Date.now()).toBeGreaterThan(23 * 3600_000);
  });

  it('refuses a generic delivery without its signed timestamp with 401', async () => {
    const { app, service } = await createTestApp();
    const res = await deliver(app, 'generic', PAYLOADS.generic, {
      omit: ['x-gitops-timestamp'],
    });
    expect([res.status, res.body.error.message]).toEqual([
      401,
      'Missing x-gitops-timestamp header',
    ]);
    expect(service.handlePush).not.toHaveBeenCalled();
  });

  it('refuses a generic delivery whose delivery id was changed after signing', async () => {
    const { app, service } = await createTestApp();
    const body = JSON.stringify(PAYLOADS.generic);
    const headers = signDelivery('generic', body, WEBHOOK_SECRETS.generic, {
      id: 'signed-id',
    });
    const res = await request(app)
      .post('/webhooks/generic')
      .set('content-type', 'application/json')
      .set({ ...headers, 'x-gitops-delivery': 'another-id' })
      .send(body);
    expect([res.status, res.body.error.message]).toEqual([
      401,
      'Invalid webhook signature',
    ]);
    expect(service.handlePush).not.toHaveBeenCalled();
  });

  it('refuses a GitHub push whose signed payload has no pushed_at with 400', async () => {
    const { app, service } = await createTestApp();
    const res = await deliver(app, 'github', undefined, {
      raw: JSON.stringify(PAYLOADS.github),
    });
    expect([res.status, res.body.error.message]).toEqual([
      400,
      'repository.pushed_at: missing in the signed delivery; it bounds how long a delivery can be replayed',
    ]);
    expect(service.handlePush).not.toHaveBeenCalled();
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
      .set('x-hub-signature-256', signatureOf('github', body))
      .send(body);
    expect(res.status).toBe(202);
    expect(service.handlePush).not.toHaveBeenCalled();
  });

  it('reads GitHub form-encoded deliveries', async () => {
    const { app, service } = await createTestApp();
    const body = new URLSearchParams({
      payload: JSON.stringify(sentAt('github', PAYLOADS.github)),
    }).toString();
    const res = await request(app)
      .post('/webhooks/github')
      .set('content-type', 'application/x-www-form-urlencoded')
      .set('x-github-event', 'push')
      .set('x-github-delivery', 'f-1')
      .set('x-hub-signature-256', signatureOf('github', body))
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
