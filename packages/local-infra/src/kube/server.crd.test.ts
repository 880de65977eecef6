import { startLocalKubeApiServer, LocalKubeApiServer } from './server';
import { kubeRequest } from './testing/kubeHttp';
import { widgetCrd } from './testing/widgetCrd';

const CRDS = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
const WIDGETS = '/apis/example.com/v1/namespaces/default/widgets';

describe('CustomResourceDefinitions', () => {
  let server: LocalKubeApiServer;
  const req = (
    method: string,
    path: string,
    body?: unknown,
    contentType?: string,
  ) => kubeRequest(server, method, path, { body, contentType });
  beforeAll(async () => {
    server = await startLocalKubeApiServer();
  });
  afterAll(() => server.stop());

  it('registers the kind on create, is Established, and unregisters it on delete', async () => {
    expect((await req('GET', WIDGETS)).status).toBe(404);
    const created = await req('POST', CRDS, widgetCrd());
    expect(created.status).toBe(201);
    const crd = (await req('GET', `${CRDS}/widgets.example.com`)).body;
    const conditions = Object.fromEntries(
      crd.status.conditions.map((c: any) => [c.type, c.status]),
    );
    expect(conditions).toEqual({ NamesAccepted: 'True', Established: 'True' });
    expect(crd.status.acceptedNames).toMatchObject({
      kind: 'Widget',
      listKind: 'WidgetList',
      plural: 'widgets',
    });
    expect(crd.status.storedVersions).toEqual(['v1']);

    const discovery = await req('GET', '/apis/example.com/v1');
    expect(discovery.body.resources.map((r: any) => r.name)).toEqual([
      'widgets',
      'widgets/scale',
      'widgets/status',
    ]);
    expect(
      (await req('GET', '/apis')).body.groups.find(
        (g: any) => g.name === 'example.com',
      ).preferredVersion.version,
    ).toBe('v1');
    expect(server.cluster.isNamespaced('example.com/v1', 'Widget')).toBe(true);

    const widget = await req('POST', WIDGETS, {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w' },
      spec: { replicas: 1 },
    });
    expect(widget.status).toBe(201);
    expect(widget.body.metadata.generation).toBe(1);
    const viaBeta = await req(
      'GET',
      '/apis/example.com/v1beta1/namespaces/default/widgets/w',
    );
    expect(viaBeta.body.apiVersion).toBe('example.com/v1beta1');
    const list = await req('GET', WIDGETS);
    expect(list.body).toMatchObject({
      kind: 'WidgetList',
      apiVersion: 'example.com/v1',
    });
    expect(list.body.items[0]).toMatchObject({
      kind: 'Widget',
      apiVersion: 'example.com/v1',
    });

    await req('DELETE', `${CRDS}/widgets.example.com`);
    expect((await req('GET', WIDGETS)).status).toBe(404);
    expect(
      server.cluster.isNamespaced('example.com/v1', 'Widget'),
    ).toBeUndefined();
    await req('POST', CRDS, widgetCrd());
    expect((await req('GET', WIDGETS)).body.items).toEqual([]);
  });

  it('serves status and scale subresources of custom resources, and refuses strategic merge patch', async () => {
    await req('POST', WIDGETS, {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'sub' },
      spec: { replicas: 2 },
    });
    const status = await req(
      'PATCH',
      `${WIDGETS}/sub/status`,
      { status: { replicas: 2, selector: 'app=sub' } },
      'application/merge-patch+json',
    );
    expect(status.body.status).toEqual({ replicas: 2, selector: 'app=sub' });
    const scale = await req('GET', `${WIDGETS}/sub/scale`);
    expect(scale.body).toMatchObject({
      spec: { replicas: 2 },
      status: { replicas: 2, selector: 'app=sub' },
    });
    await req(
      'PATCH',
      `${WIDGETS}/sub/scale`,
      { spec: { replicas: 5 } },
      'application/merge-patch+json',
    );
    const after = (await req('GET', `${WIDGETS}/sub`)).body;
    expect(after.spec.replicas).toBe(5);
    expect(after.metadata.generation).toBe(2);
    const smp = await req(
      'PATCH',
      `${WIDGETS}/sub`,
      { spec: { replicas: 1 } },
      'application/strategic-merge-patch+json',
    );
    expect(smp.status).toBe(415);
  });

  it('rejects a CRD whose name is not <plural>.<group>', async () => {
    const bad = widgetCrd();
    bad.metadata.name = 'gadgets.example.com';
    const res = await req('POST', CRDS, bad);
    expect(res.status).toBe(422);
    expect(res.body.details.causes[0].field).toBe('metadata.name');
  });
});
