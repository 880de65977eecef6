import https from 'node:https';
import { startLocalKubeApiServer, LocalKubeApiServer } from './server';
import { configMap, kubeRequest } from './testing/kubeHttp';

const CM = '/api/v1/namespaces/default/configmaps';

describe('TLS and authentication', () => {
  let server: LocalKubeApiServer;
  beforeAll(async () => {
    server = await startLocalKubeApiServer({ token: 'sekret' });
  });
  afterAll(() => server.stop());

  it('serves a certificate its CA verifies for 127.0.0.1 and localhost', async () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(Buffer.from(server.caData, 'base64').toString()).toBe(server.caPem);
    expect((await kubeRequest(server, 'GET', '/version')).status).toBe(200);
    const port = new URL(server.url).port;
    const viaLocalhost = await new Promise<number>((resolve, reject) => {
      https
        .get(
          `https://localhost:${port}/version`,
          {
            ca: server.caPem,
            headers: { authorization: 'Bearer sekret' },
            agent: false,
          },
          res => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        )
        .on('error', reject);
    });
    expect(viaLocalhost).toBe(200);
  });

  it('is not trusted without its CA', async () => {
    const attempt = new Promise((resolve, reject) => {
      https
        .get(`${server.url}/version`, { agent: false }, resolve)
        .on('error', reject);
    });
    await expect(attempt).rejects.toThrow(
      /self.signed|unable to verify|certificate/i,
    );
  });

  it.each([
    ['no token', null],
    ['a wrong token', 'nope'],
  ])(
    'answers a request with %s with the 401 Unauthorized Status',
    async (_label, token) => {
      const res = await kubeRequest(server, 'GET', '/api/v1/namespaces', {
        token,
      });
      expect(res.status).toBe(401);
      expect(res.body).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'Unauthorized',
        reason: 'Unauthorized',
        code: 401,
      });
    },
  );

  it('can run without TLS', async () => {
    const plain = await startLocalKubeApiServer({ tls: false });
    try {
      expect(plain.url).toMatch(/^http:\/\//);
      expect(plain.caData).toBe('');
      expect(
        (await kubeRequest(plain, 'GET', '/api/v1/namespaces/default')).body
          .metadata.name,
      ).toBe('default');
    } finally {
      await plain.stop();
    }
  });
});

describe('fault injection and the request log', () => {
  let server: LocalKubeApiServer;
  beforeAll(async () => {
    server = await startLocalKubeApiServer();
  });
  afterEach(() => server.faults.clear());
  afterAll(() => server.stop());

  it('answers 429 with Retry-After and a TooManyRequests Status, for a number of times', async () => {
    server.faults.add({
      verb: 'list',
      pathPattern: /configmaps/,
      kind: 'status429',
      retryAfterSeconds: 3,
      times: 1,
    });
    const limited = await kubeRequest(server, 'GET', CM);
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('3');
    expect(limited.body).toMatchObject({
      kind: 'Status',
      reason: 'TooManyRequests',
      code: 429,
      details: { retryAfterSeconds: 3 },
    });
    expect((await kubeRequest(server, 'GET', CM)).status).toBe(200);
  });

  it('answers 500 with an InternalError Status, only for the chosen verb', async () => {
    server.faults.add({ verb: 'create', kind: 'status500' });
    expect((await kubeRequest(server, 'GET', CM)).status).toBe(200);
    const failed = await kubeRequest(server, 'POST', CM, {
      body: configMap('f500'),
    });
    expect(failed.status).toBe(500);
    expect(failed.body).toMatchObject({
      kind: 'Status',
      reason: 'InternalError',
      code: 500,
    });
    expect((await kubeRequest(server, 'GET', `${CM}/f500`)).status).toBe(404);
  });

  it('resets the connection and logs the request with status 0', async () => {
    server.faults.add({ pathPattern: /\/reset-me$/, kind: 'reset' });
    await expect(kubeRequest(server, 'GET', `${CM}/reset-me`)).rejects.toThrow(
      /socket hang up|ECONNRESET/,
    );
    expect(server.requestLog.find(e => e.name === 'reset-me')).toMatchObject({
      verb: 'get',
      status: 0,
    });
  });

  it('delays matching requests so that later, unaffected ones finish first', async () => {
    server.faults.add({
      pathPattern: /\/slow$/,
      kind: 'latency',
      latencyMs: 400,
    });
    const order: string[] = [];
    const slow = kubeRequest(server, 'GET', `${CM}/slow`).then(r =>
      order.push(`slow:${r.status}`),
    );
    const fast = kubeRequest(server, 'GET', `${CM}/fast`).then(r =>
      order.push(`fast:${r.status}`),
    );
    await Promise.all([slow, fast]);
    expect(order).toEqual(['fast:404', 'slow:404']);
  });

  it('never hits with probability 0, and stops after remove()', async () => {
    const never = server.faults.add({ kind: 'status500', probability: 0 });
    expect((await kubeRequest(server, 'GET', '/version')).status).toBe(200);
    server.faults.remove(never);
    const always = server.faults.add({ kind: 'status500' });
    expect((await kubeRequest(server, 'GET', '/version')).status).toBe(500);
    server.faults.remove(always);
    expect((await kubeRequest(server, 'GET', '/version')).status).toBe(200);
  });

  it('logs every request with verb, resource, names, dryRun and fieldManager; writes() keeps real writes', async () => {
    server.clearRequestLog();
    await kubeRequest(server, 'POST', `${CM}?fieldManager=me`, {
      body: configMap('logged'),
    });
    await kubeRequest(server, 'POST', `${CM}?dryRun=All`, {
      body: configMap('logged-dry'),
    });
    await kubeRequest(server, 'PATCH', `${CM}/logged?fieldManager=me`, {
      body: 'apiVersion: v1\nkind: ConfigMap\ndata: {a: "1"}',
      contentType: 'application/apply-patch+yaml',
    });
    await kubeRequest(
      server,
      'GET',
      '/apis/apps/v1/namespaces/default/deployments/none/scale',
    );
    await kubeRequest(server, 'GET', `${CM}?watch=1&timeoutSeconds=0`);
    await kubeRequest(server, 'DELETE', `${CM}/logged`);
    expect(
      server.requestLog.map(e => [
        e.verb,
        e.method,
        e.resource,
        e.name ?? '',
        e.status,
      ]),
    ).toEqual([
      ['create', 'POST', 'configmaps', '', 201],
      ['create', 'POST', 'configmaps', '', 201],
      ['apply', 'PATCH', 'configmaps', 'logged', 200],
      ['get', 'GET', 'deployments', 'none', 404],
      ['watch', 'GET', 'configmaps', '', 200],
      ['delete', 'DELETE', 'configmaps', 'logged', 200],
    ]);
    expect(server.requestLog[0]).toMatchObject({
      group: '',
      version: 'v1',
      namespace: 'default',
      fieldManager: 'me',
      dryRun: false,
      path: CM,
      query: { fieldManager: 'me' },
    });
    expect(server.requestLog[1].dryRun).toBe(true);
    expect(server.requestLog[3]).toMatchObject({
      group: 'apps',
      subresource: 'scale',
    });
    expect(server.writes().map(e => e.verb)).toEqual([
      'create',
      'apply',
      'delete',
    ]);
    server.clearRequestLog();
    expect(server.requestLog).toEqual([]);
  });
});
