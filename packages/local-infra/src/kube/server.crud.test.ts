import { startLocalKubeApiServer, LocalKubeApiServer } from './server';
import { configMap, deployment, kubeRequest } from './testing/kubeHttp';

const CM = '/api/v1/namespaces/default/configmaps';
const DEPLOY = '/apis/apps/v1/namespaces/default/deployments';

describe('CRUD semantics', () => {
  let server: LocalKubeApiServer;
  const req = (method: string, path: string, body?: unknown) =>
    kubeRequest(server, method, path, { body });
  beforeAll(async () => {
    server = await startLocalKubeApiServer({ workloadDelayMs: 60_000 });
  });
  afterAll(() => server.stop());

  it('starts with the system namespaces, each holding its default ServiceAccount and root CA', async () => {
    const ns = await req('GET', '/api/v1/namespaces');
    expect(ns.body.items.map((n: any) => n.metadata.name)).toEqual(
      expect.arrayContaining(['default', 'kube-system', 'kube-public']),
    );
    const root = await req(
      'GET',
      '/api/v1/namespaces/kube-system/configmaps/kube-root-ca.crt',
    );
    expect(root.body.data['ca.crt']).toBe(server.caPem);
    expect(
      (await req('GET', '/api/v1/namespaces/default/serviceaccounts/default'))
        .status,
    ).toBe(200);
  });

  it('creates with uid, creationTimestamp and a resourceVersion from one global counter', async () => {
    const a = await req('POST', CM, configMap('rv-a'));
    const b = await req('POST', '/api/v1/namespaces/default/secrets', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'rv-b' },
    });
    expect(a.status).toBe(201);
    expect(a.body.metadata).toMatchObject({
      uid: expect.any(String),
      creationTimestamp: expect.stringMatching(/Z$/),
    });
    expect(Number(b.body.metadata.resourceVersion)).toBe(
      Number(a.body.metadata.resourceVersion) + 1,
    );
    const list = await req('GET', CM);
    expect(Number(list.body.metadata.resourceVersion)).toBeGreaterThanOrEqual(
      Number(b.body.metadata.resourceVersion),
    );
  });

  it('answers a duplicate create with the exact AlreadyExists Status', async () => {
    await req('POST', DEPLOY, deployment('dup'));
    const res = await req('POST', DEPLOY, deployment('dup'));
    expect(res.status).toBe(409);
    expect(res.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'deployments.apps "dup" already exists',
      reason: 'AlreadyExists',
      details: { name: 'dup', group: 'apps', kind: 'deployments' },
      code: 409,
    });
  });

  it('answers a missing object and a missing namespace with NotFound', async () => {
    const missing = await req('GET', `${CM}/nope`);
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({
      reason: 'NotFound',
      message: 'configmaps "nope" not found',
      details: { name: 'nope', kind: 'configmaps' },
    });
    const noNs = await req(
      'POST',
      '/api/v1/namespaces/ghost/configmaps',
      configMap('x', {}, undefined, 'ghost'),
    );
    expect(noNs.status).toBe(404);
    expect(noNs.body.message).toBe('namespaces "ghost" not found');
  });

  it('rejects a PUT with a stale resourceVersion with 409 Conflict', async () => {
    const created = (await req('POST', CM, configMap('stale', { a: '1' })))
      .body;
    const fresh = await req('PUT', `${CM}/stale`, {
      ...created,
      data: { a: '2' },
    });
    expect(fresh.status).toBe(200);
    const stale = await req('PUT', `${CM}/stale`, {
      ...created,
      data: { a: '3' },
    });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({
      reason: 'Conflict',
      message:
        'Operation cannot be fulfilled on configmaps "stale": the object has been modified; please apply your changes to the latest version and try again',
    });
  });

  it('bumps generation only for changes outside metadata and status, and not at all for no-op writes', async () => {
    const created = (await req('POST', DEPLOY, deployment('gen'))).body;
    expect(created.metadata.generation).toBe(1);
    const labelled = (
      await req('PUT', `${DEPLOY}/gen`, {
        ...created,
        metadata: { ...created.metadata, labels: { app: 'gen', x: 'y' } },
      })
    ).body;
    expect(labelled.metadata.generation).toBe(1);
    const scaled = (
      await req('PUT', `${DEPLOY}/gen`, {
        ...labelled,
        spec: { ...labelled.spec, replicas: 5 },
      })
    ).body;
    expect(scaled.metadata.generation).toBe(2);
    const again = (await req('PUT', `${DEPLOY}/gen`, scaled)).body;
    expect(again.metadata.resourceVersion).toBe(
      scaled.metadata.resourceVersion,
    );
  });

  it('ignores status on the main resource and changes only status through /status', async () => {
    const created = (
      await req('POST', DEPLOY, {
        ...deployment('st'),
        status: { replicas: 9 },
      })
    ).body;
    expect(created.status).toBeUndefined();
    const viaStatus = await req('PUT', `${DEPLOY}/st/status`, {
      ...created,
      spec: { ...created.spec, replicas: 7 },
      status: { replicas: 2 },
    });
    expect(viaStatus.body.status).toEqual({ replicas: 2 });
    expect(viaStatus.body.spec.replicas).toBe(2);
    expect(
      viaStatus.body.metadata.managedFields.find(
        (m: any) => m.subresource === 'status',
      ),
    ).toMatchObject({ manager: 'kube-test', operation: 'Update' });
  });

  it('serves the scale subresource as autoscaling/v1 Scale', async () => {
    await req('POST', DEPLOY, deployment('sc', 'nginx', 2));
    const scale = await req('GET', `${DEPLOY}/sc/scale`);
    expect(scale.body).toMatchObject({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      spec: { replicas: 2 },
      status: { selector: 'app=sc' },
    });
    const put = await req('PUT', `${DEPLOY}/sc/scale`, {
      ...scale.body,
      spec: { replicas: 4 },
    });
    expect(put.body.spec.replicas).toBe(4);
    const patched = await kubeRequest(server, 'PATCH', `${DEPLOY}/sc/scale`, {
      body: { spec: { replicas: 6 } },
      contentType: 'application/merge-patch+json',
    });
    expect(patched.body.spec.replicas).toBe(6);
    expect((await req('GET', `${DEPLOY}/sc`)).body.spec.replicas).toBe(6);
    const negative = await req('PUT', `${DEPLOY}/sc/scale`, {
      ...scale.body,
      spec: { replicas: -1 },
    });
    expect(negative.status).toBe(422);
  });

  it('merges Secret stringData into base64 data', async () => {
    const res = await req('POST', '/api/v1/namespaces/default/secrets', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'sd' },
      data: { a: Buffer.from('A').toString('base64') },
      stringData: { b: 'plain' },
    });
    expect(res.body.stringData).toBeUndefined();
    expect(res.body.type).toBe('Opaque');
    expect(res.body.data).toEqual({
      a: 'QQ==',
      b: Buffer.from('plain').toString('base64'),
    });
  });

  it('validates names and workload selectors with 422 Invalid', async () => {
    const badName = await req('POST', CM, configMap('Bad_Name'));
    expect(badName.status).toBe(422);
    expect(badName.body).toMatchObject({
      reason: 'Invalid',
      details: { name: 'Bad_Name', kind: 'ConfigMap' },
    });
    const mismatch = deployment('mismatch');
    mismatch.spec.template.metadata.labels = { app: 'other' };
    const res = await req('POST', DEPLOY, mismatch);
    expect(res.status).toBe(422);
    expect(res.body.message).toContain(
      '`selector` does not match template `labels`',
    );
  });

  it('generates names from generateName', async () => {
    const res = await req('POST', CM, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { generateName: 'gen-' },
    });
    expect(res.body.metadata.name).toMatch(/^gen-[a-z0-9]{5}$/);
  });

  it('applies dryRun=All to create, update and delete without persisting or bumping anything', async () => {
    const before = (await req('GET', CM)).body.metadata.resourceVersion;
    const created = await req('POST', `${CM}?dryRun=All`, configMap('dry'));
    expect(created.status).toBe(201);
    expect(created.body.metadata.uid).toBeDefined();
    expect((await req('GET', `${CM}/dry`)).status).toBe(404);
    const real = (await req('POST', CM, configMap('dry2', { a: '1' }))).body;
    const after = real.metadata.resourceVersion;
    const updated = await req('PUT', `${CM}/dry2?dryRun=All`, {
      ...real,
      data: { a: '2' },
    });
    expect(updated.body.data.a).toBe('2');
    const deleted = await req('DELETE', `${CM}/dry2?dryRun=All`);
    expect(deleted.status).toBe(200);
    const live = (await req('GET', `${CM}/dry2`)).body;
    expect(live.data.a).toBe('1');
    expect(live.metadata.resourceVersion).toBe(after);
    expect(Number(after)).toBe(Number(before) + 1);
  });

  it('defaults Service fields and keeps the allocated clusterIP on update', async () => {
    const svc = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'svc' },
      spec: { selector: { app: 'x' }, ports: [{ port: 80 }] },
    };
    const created = (
      await req('POST', '/api/v1/namespaces/default/services', svc)
    ).body;
    expect(created.spec).toMatchObject({
      type: 'ClusterIP',
      clusterIP: expect.stringMatching(/^10\.96\./),
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
    });
    const updated = await req(
      'PUT',
      '/api/v1/namespaces/default/services/svc',
      { ...svc, metadata: { name: 'svc', labels: { a: 'b' } } },
    );
    expect(updated.body.spec.clusterIP).toBe(created.spec.clusterIP);
  });
});
