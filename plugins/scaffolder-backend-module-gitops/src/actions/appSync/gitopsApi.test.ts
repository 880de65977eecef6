import { mockServices } from '@backstage/backend-test-utils';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { createGitOpsApi, entityPath } from './gitopsApi';

describe('entityPath', () => {
  it.each([
    ['component:default/shop', 'component/default/shop'],
    ['Component:Team-A/Shop', 'component/team-a/shop'],
    ['shop', 'component/default/shop'],
    ['team-a/shop', 'component/team-a/shop'],
    ['resource:db', 'resource/default/db'],
  ])('%s → %s', (ref, expected) => expect(entityPath(ref)).toBe(expected));

  it.each(['', 'a:b:c', 'x/y/z'])('refuses %p', ref =>
    expect(() => entityPath(ref)).toThrow(/is not an entity reference/),
  );
});

describe('createGitOpsApi', () => {
  let server: Server;
  let baseUrl: string;
  const seen: Array<{
    method?: string;
    url?: string;
    authorization?: string;
    body: string;
  }> = [];
  const answers = new Map<string, { status: number; body: unknown }>();

  beforeAll(async () => {
    server = createServer(async (req: IncomingMessage, res) => {
      let body = '';
      for await (const chunk of req) body += chunk;
      seen.push({
        method: req.method,
        url: req.url,
        authorization: req.headers.authorization,
        body,
      });
      const answer = answers.get(`${req.method} ${req.url}`) ?? {
        status: 404,
        body: {
          error: { name: 'NotFoundError', message: 'no such thing' },
          request: { method: req.method, url: req.url },
          response: { statusCode: 404 },
        },
      };
      res
        .writeHead(answer.status, { 'Content-Type': 'application/json' })
        .end(JSON.stringify(answer.body));
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${
      (server.address() as AddressInfo).port
    }/api/gitops`;
  });
  afterAll(() => new Promise(resolve => server.close(resolve)));

  const api = () =>
    createGitOpsApi({
      auth: mockServices.auth({ pluginId: 'scaffolder' }),
      discovery: {
        getBaseUrl: async () => baseUrl,
        getExternalBaseUrl: async () => baseUrl,
      },
    });

  it('calls the GitOps backend with a service token issued for the gitops plugin', async () => {
    answers.set(
      'GET /api/gitops/entities/component/default/shop/applications',
      { status: 200, body: { items: [], errors: [] } },
    );
    await expect(
      api().entityApplications('component:default/shop'),
    ).resolves.toEqual({ items: [], errors: [] });
    expect(seen.at(-1)!.authorization).toMatch(
      /^Bearer .*"sub":"plugin:scaffolder".*"target":"gitops"/,
    );
  });

  it('encodes application ids and maps a running sync (409) to busy', async () => {
    const id = 'component:default/shop#dev';
    answers.set(
      `POST /api/gitops/applications/${encodeURIComponent(id)}/sync`,
      { status: 202, body: { applicationId: id, queued: true } },
    );
    await expect(api().requestSync(id)).resolves.toBe('queued');
    expect(seen.at(-1)!.body).toBe('{}');
    answers.set(
      `POST /api/gitops/applications/${encodeURIComponent(id)}/sync`,
      {
        status: 409,
        body: { error: { name: 'ConflictError', message: 'running' } },
      },
    );
    await expect(api().requestSync(id)).resolves.toBe('busy');
  });

  it('turns other failures into errors carrying the backend message', async () => {
    await expect(
      api().application('component:default/missing#dev'),
    ).rejects.toThrow(
      /^The GitOps backend answered 404 to \/api\/gitops\/applications\/component%3Adefault%2Fmissing%23dev: no such thing$/,
    );
  });
});
