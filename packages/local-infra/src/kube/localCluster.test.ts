import https from 'node:https';
import { LocalCluster, startLocalCluster } from './localCluster';

jest.setTimeout(120_000);

/** One request through the proxy, as the engine would send it. */
function viaProxy(
  kube: LocalCluster,
  method: string,
  path: string,
  token = kube.token,
  body?: unknown,
  contentType?: string,
) {
  return new Promise<{
    status: number;
    headers: Record<string, unknown>;
    body: any;
  }>((resolve, reject) => {
    const url = new URL(path, kube.url);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = https.request(
      url,
      {
        method,
        ca: kube.caPem,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(payload
            ? { 'content-type': contentType ?? 'application/json' }
            : {}),
        },
      },
      res => {
        let text = '';
        res.on('data', chunk => (text += chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: text ? JSON.parse(text) : undefined,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

describe('startLocalCluster', () => {
  let kube: LocalCluster;
  const ns = `local-cluster-${process.pid}`;

  beforeAll(async () => {
    kube = await startLocalCluster();
    await kube.cluster.create({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns },
    });
  });
  afterAll(async () => {
    await kube?.cluster.delete('v1', 'Namespace', undefined, ns);
    await kube?.stop();
  });

  it('reaches an upstream API server and names its release', () => {
    expect(kube.version).toMatch(/^v1\.\d+\.\d+/);
  });

  it('refuses a caller without the proxy token', async () => {
    expect(
      (await viaProxy(kube, 'GET', '/api/v1/namespaces', 'wrong')).status,
    ).toBe(401);
  });

  it('forwards requests and logs them in order, telling writes from dry-runs', async () => {
    kube.clearRequestLog();
    const cm = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'logged', namespace: ns },
      data: { a: '1' },
    };
    const path = `/api/v1/namespaces/${ns}/configmaps/logged?fieldManager=test&force=true`;
    expect(
      (
        await viaProxy(
          kube,
          'PATCH',
          `${path}&dryRun=All`,
          kube.token,
          cm,
          'application/apply-patch+yaml',
        )
      ).status,
    ).toBe(201);
    expect(
      await kube.cluster.get('v1', 'ConfigMap', ns, 'logged'),
    ).toBeUndefined();
    expect(
      (
        await viaProxy(
          kube,
          'PATCH',
          path,
          kube.token,
          cm,
          'application/apply-patch+yaml',
        )
      ).status,
    ).toBe(201);
    expect(
      (await kube.cluster.get('v1', 'ConfigMap', ns, 'logged'))?.data,
    ).toEqual({ a: '1' });
    expect(kube.requestLog.map(e => [e.verb, e.dryRun, e.status])).toEqual([
      ['apply', true, 201],
      ['apply', false, 201],
    ]);
    expect(kube.writes().map(e => e.name)).toEqual(['logged']);
  });

  it('injects 429 with Retry-After, 500 and latency, then forwards again', async () => {
    kube.faults.add({
      kind: 'status429',
      verb: 'list',
      retryAfterSeconds: 3,
      times: 1,
    });
    const limited = await viaProxy(
      kube,
      'GET',
      `/api/v1/namespaces/${ns}/configmaps`,
    );
    expect([limited.status, limited.headers['retry-after']]).toEqual([
      429,
      '3',
    ]);
    kube.faults.add({ kind: 'status500', verb: 'get', times: 1 });
    expect(
      (
        await viaProxy(
          kube,
          'GET',
          `/api/v1/namespaces/${ns}/configmaps/logged`,
        )
      ).status,
    ).toBe(500);
    kube.faults.add({ kind: 'latency', latencyMs: 300, times: 1 });
    const started = Date.now();
    expect(
      (
        await viaProxy(
          kube,
          'GET',
          `/api/v1/namespaces/${ns}/configmaps/logged`,
        )
      ).status,
    ).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });

  it('resets connections on request', async () => {
    kube.faults.add({ kind: 'reset', times: 1 });
    await expect(
      viaProxy(kube, 'GET', `/api/v1/namespaces/${ns}/configmaps`),
    ).rejects.toThrow(/socket hang up|ECONNRESET/);
    kube.faults.clear();
  });

  it('runs real controllers: a Deployment gets Ready pods on the simulated nodes', async () => {
    await kube.cluster.create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: ns },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
        },
      },
    });
    const deadline = Date.now() + 60_000;
    let ready = 0;
    while (ready < 2 && Date.now() < deadline) {
      await new Promise(r => setTimeout(r, 250));
      ready =
        (await kube.cluster.get('apps/v1', 'Deployment', ns, 'web'))?.status
          ?.readyReplicas ?? 0;
    }
    expect(ready).toBe(2);
    const pods = await kube.cluster.list('v1', 'Pod', ns, 'app=web');
    expect(pods.map(p => p.status.phase)).toEqual(['Running', 'Running']);
  });

  it('rejects what a real API server rejects', async () => {
    await expect(
      kube.cluster.apply({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'typed', namespace: ns },
        data: { n: 1 },
      }),
    ).rejects.toThrow(/422|string/);
  });
});
