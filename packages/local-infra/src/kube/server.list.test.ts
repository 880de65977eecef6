import { startLocalKubeApiServer, LocalKubeApiServer } from './server';
import { configMap, kubeRequest } from './testing/kubeHttp';

describe('list', () => {
  let server: LocalKubeApiServer;
  const get = (path: string, accept?: string) =>
    kubeRequest(server, 'GET', path, { accept });
  const names = (res: { body: any }) =>
    res.body.items.map((i: any) => i.metadata.name);
  beforeAll(async () => {
    server = await startLocalKubeApiServer();
    await kubeRequest(server, 'POST', '/api/v1/namespaces', {
      body: {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'other' },
      },
    });
    const fixtures = [
      configMap('l-web', {}, { app: 'web', tier: 'front' }),
      configMap('l-api', {}, { app: 'api', tier: 'back' }),
      configMap('l-db', {}, { app: 'db' }),
      configMap('l-other', {}, { app: 'web' }, 'other'),
    ];
    for (const cm of fixtures) {
      await kubeRequest(
        server,
        'POST',
        `/api/v1/namespaces/${cm.metadata.namespace}/configmaps`,
        { body: cm },
      );
    }
  });
  afterAll(() => server.stop());

  it.each([
    ['app=web', ['l-web']],
    ['app==web', ['l-web']],
    ['app!=web', ['kube-root-ca.crt', 'l-api', 'l-db']], // the root CA ConfigMap has no app label
    ['app in (api,db)', ['l-api', 'l-db']],
    ['app notin (api,db)', ['kube-root-ca.crt', 'l-web']],
    ['tier', ['l-api', 'l-web']],
    ['!tier,app', ['l-db']],
  ])('filters by labelSelector %j', async (selector, expected) => {
    const res = await get(
      `/api/v1/namespaces/default/configmaps?labelSelector=${encodeURIComponent(
        selector,
      )}`,
    );
    expect(names(res)).toEqual(expected);
  });

  it('filters by fieldSelector and rejects unsupported fields', async () => {
    expect(
      names(
        await get(
          '/api/v1/namespaces/default/configmaps?fieldSelector=metadata.name%3Dl-db',
        ),
      ),
    ).toEqual(['l-db']);
    expect(
      names(
        await get(
          '/api/v1/configmaps?fieldSelector=metadata.namespace%3Dother',
        ),
      ),
    ).toEqual(['kube-root-ca.crt', 'l-other']);
    const bad = await get('/api/v1/configmaps?fieldSelector=data.x%3D1');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('field label not supported: data.x');
  });

  it('lists namespaced kinds across all namespaces, without kind/apiVersion on built-in items', async () => {
    const res = await get('/api/v1/configmaps?labelSelector=app%3Dweb');
    expect(res.body.kind).toBe('ConfigMapList');
    expect(
      res.body.items.map(
        (i: any) => `${i.metadata.namespace}/${i.metadata.name}`,
      ),
    ).toEqual(['default/l-web', 'other/l-other']);
    expect(res.body.items[0].kind).toBeUndefined();
  });

  it('pages with limit/continue over a consistent snapshot', async () => {
    const first = await get('/api/v1/configmaps?limit=2');
    expect(first.body.items).toHaveLength(2);
    expect(first.body.metadata.continue).toEqual(expect.any(String));
    const all = (await get('/api/v1/configmaps')).body.items.length;
    expect(first.body.metadata.remainingItemCount).toBe(all - 2);
    // Created after the first page: not part of that list.
    await kubeRequest(server, 'POST', '/api/v1/namespaces/default/configmaps', {
      body: configMap('zz-late'),
    });
    const seen = [...names(first)];
    let cont = first.body.metadata.continue;
    while (cont) {
      const page = await get(
        `/api/v1/configmaps?limit=2&continue=${encodeURIComponent(cont)}`,
      );
      expect(page.body.metadata.resourceVersion).toBe(
        first.body.metadata.resourceVersion,
      );
      seen.push(...names(page));
      cont = page.body.metadata.continue;
    }
    expect(seen).toHaveLength(all);
    expect(seen).not.toContain('zz-late');
  });

  it('answers a garbled continue token with 400', async () => {
    expect(
      (await get('/api/v1/configmaps?limit=1&continue=garbage')).status,
    ).toBe(400);
  });

  it('renders a Table when asked, as kubectl get does', async () => {
    const res = await get(
      '/api/v1/namespaces/default/configmaps?labelSelector=app%3Dweb',
      'application/json;as=Table;v=v1;g=meta.k8s.io,application/json',
    );
    expect(res.headers['content-type']).toBe(
      'application/json;g=meta.k8s.io;v=v1;as=Table',
    );
    expect(res.body.kind).toBe('Table');
    expect(res.body.columnDefinitions.map((c: any) => c.name)).toEqual([
      'Name',
      'Data',
      'Age',
    ]);
    expect(res.body.rows[0].cells[0]).toBe('l-web');
    expect(res.body.rows[0].object).toMatchObject({
      kind: 'PartialObjectMetadata',
      metadata: { name: 'l-web' },
    });
  });
});
