import { startLocalKubeApiServer, LocalKubeApiServer } from './server';
import { configMap, kubeRequest } from './testing/kubeHttp';

const CM = '/api/v1/namespaces/default/configmaps';

describe('deletion semantics', () => {
  let server: LocalKubeApiServer;
  const req = (method: string, path: string, body?: unknown) =>
    kubeRequest(server, method, path, { body });
  beforeAll(async () => {
    server = await startLocalKubeApiServer({ workloadDelayMs: 60_000 });
  });
  afterAll(() => server.stop());

  it('keeps an object with finalizers until the last finalizer is removed', async () => {
    await req('POST', CM, {
      ...configMap('fin'),
      metadata: { name: 'fin', finalizers: ['example.com/hold'] },
    });
    const deleting = await req('DELETE', `${CM}/fin`);
    expect(deleting.status).toBe(200);
    expect(deleting.body.metadata.deletionTimestamp).toBeDefined();
    const still = (await req('GET', `${CM}/fin`)).body;
    expect(still.metadata.deletionTimestamp).toBeDefined();
    const adding = await req('PUT', `${CM}/fin`, {
      ...still,
      metadata: { ...still.metadata, finalizers: ['example.com/hold', 'x/y'] },
    });
    expect(adding.status).toBe(422);
    await req('PUT', `${CM}/fin`, {
      ...still,
      metadata: { ...still.metadata, finalizers: [] },
    });
    expect((await req('GET', `${CM}/fin`)).status).toBe(404);
  });

  it('deletes a namespace with everything in it', async () => {
    await req('POST', '/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'doomed' },
    });
    await req(
      'POST',
      '/api/v1/namespaces/doomed/configmaps',
      configMap('inside', {}, undefined, 'doomed'),
    );
    const del = await req('DELETE', '/api/v1/namespaces/doomed');
    expect(del.body.status.phase).toBe('Terminating');
    expect((await req('GET', '/api/v1/namespaces/doomed')).status).toBe(404);
    expect(
      (await req('GET', '/api/v1/namespaces/doomed/configmaps/inside')).status,
    ).toBe(404);
  });

  it('garbage-collects dependents of a deleted owner', async () => {
    const owner = (await req('POST', CM, configMap('owner'))).body;
    const ownerRef = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      name: 'owner',
      uid: owner.metadata.uid,
    };
    await req('POST', CM, {
      ...configMap('dependent'),
      metadata: { name: 'dependent', ownerReferences: [ownerRef] },
    });
    await req('DELETE', `${CM}/owner`);
    expect((await req('GET', `${CM}/dependent`)).status).toBe(404);
  });

  it('deletes collections by label', async () => {
    await req('POST', CM, configMap('col-1', {}, { batch: 'x' }));
    await req('POST', CM, configMap('col-2', {}, { batch: 'x' }));
    await req('POST', CM, configMap('col-3', {}, { batch: 'y' }));
    const res = await req('DELETE', `${CM}?labelSelector=batch%3Dx`);
    expect(res.body.items.map((i: any) => i.metadata.name)).toEqual([
      'col-1',
      'col-2',
    ]);
    const left = await req('GET', `${CM}?labelSelector=batch`);
    expect(left.body.items.map((i: any) => i.metadata.name)).toEqual(['col-3']);
  });

  it('orphans dependents with propagationPolicy=Orphan', async () => {
    const owner = (await req('POST', CM, configMap('parent'))).body;
    const ownerRef = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      name: 'parent',
      uid: owner.metadata.uid,
    };
    await req('POST', CM, {
      ...configMap('child'),
      metadata: { name: 'child', ownerReferences: [ownerRef] },
    });
    await req('DELETE', `${CM}/parent`, {
      kind: 'DeleteOptions',
      apiVersion: 'v1',
      propagationPolicy: 'Orphan',
    });
    const child = await req('GET', `${CM}/child`);
    expect(child.status).toBe(200);
    expect(child.body.metadata.ownerReferences).toBeUndefined();
  });

  it('checks delete preconditions', async () => {
    const obj = (await req('POST', CM, configMap('guarded'))).body;
    const wrong = await req('DELETE', `${CM}/guarded`, {
      preconditions: { resourceVersion: '1' },
    });
    expect(wrong.status).toBe(409);
    expect(wrong.body.message).toContain(
      'Precondition failed: ResourceVersion in precondition: 1',
    );
    const right = await req('DELETE', `${CM}/guarded`, {
      preconditions: { uid: obj.metadata.uid },
    });
    expect(right.status).toBe(200);
  });
});
