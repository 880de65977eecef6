import { startLocalKubeApiServer, LocalKubeApiServer } from './server';
import { kubeRequest } from './testing/kubeHttp';

const AGGREGATED =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json';

describe('discovery and OpenAPI', () => {
  let server: LocalKubeApiServer;
  beforeAll(async () => {
    server = await startLocalKubeApiServer();
  });
  afterAll(() => server.stop());

  it('serves /version as a 1.32 server', async () => {
    const res = await kubeRequest(server, 'GET', '/version');
    expect(res.body).toMatchObject({
      major: '1',
      minor: '32',
      gitVersion: expect.stringMatching(/^v1\.32\./),
    });
  });

  it('serves the legacy discovery documents', async () => {
    const api = await kubeRequest(server, 'GET', '/api');
    expect(api.body).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const apis = await kubeRequest(server, 'GET', '/apis');
    const names = apis.body.groups.map((g: any) => g.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'apps',
        'batch',
        'networking.k8s.io',
        'rbac.authorization.k8s.io',
        'autoscaling',
        'apiextensions.k8s.io',
      ]),
    );
    expect(
      apis.body.groups.find((g: any) => g.name === 'autoscaling')
        .preferredVersion,
    ).toEqual({ groupVersion: 'autoscaling/v2', version: 'v2' });
    const group = await kubeRequest(server, 'GET', '/apis/apps');
    expect(group.body).toMatchObject({ kind: 'APIGroup', name: 'apps' });
  });

  it('lists resources with verbs, short names, scope, kind and subresources', async () => {
    const core = await kubeRequest(server, 'GET', '/api/v1');
    const cm = core.body.resources.find((r: any) => r.name === 'configmaps');
    expect(cm).toMatchObject({
      singularName: 'configmap',
      namespaced: true,
      kind: 'ConfigMap',
      shortNames: ['cm'],
    });
    expect(cm.verbs).toEqual(
      expect.arrayContaining([
        'create',
        'delete',
        'deletecollection',
        'get',
        'list',
        'patch',
        'update',
        'watch',
      ]),
    );
    expect(
      core.body.resources.find((r: any) => r.name === 'namespaces').namespaced,
    ).toBe(false);
    const apps = await kubeRequest(server, 'GET', '/apis/apps/v1');
    const byName = Object.fromEntries(
      apps.body.resources.map((r: any) => [r.name, r]),
    );
    expect(byName.deployments).toMatchObject({
      kind: 'Deployment',
      shortNames: ['deploy'],
      categories: ['all'],
    });
    expect(byName['deployments/scale']).toMatchObject({
      group: 'autoscaling',
      version: 'v1',
      kind: 'Scale',
      verbs: ['get', 'patch', 'update'],
    });
    expect(byName['deployments/status']).toMatchObject({ kind: 'Deployment' });
    expect(byName['daemonsets/scale']).toBeUndefined();
  });

  it('answers aggregated discovery v2 with its content type when asked', async () => {
    const apis = await kubeRequest(server, 'GET', '/apis', {
      accept: AGGREGATED,
    });
    expect(apis.headers['content-type']).toBe(
      'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
    );
    expect(apis.body.kind).toBe('APIGroupDiscoveryList');
    const apps = apis.body.items.find((g: any) => g.metadata.name === 'apps');
    const deployments = apps.versions[0].resources.find(
      (r: any) => r.resource === 'deployments',
    );
    expect(deployments).toMatchObject({
      responseKind: { group: 'apps', version: 'v1', kind: 'Deployment' },
      scope: 'Namespaced',
      singularResource: 'deployment',
    });
    expect(
      deployments.subresources.map((s: any) => s.subresource).sort(),
    ).toEqual(['scale', 'status']);
    const core = await kubeRequest(server, 'GET', '/api', {
      accept: AGGREGATED,
    });
    expect(core.body.items).toHaveLength(1);
    expect(
      core.body.items[0].versions[0].resources.map((r: any) => r.resource),
    ).toContain('secrets');
  });

  it('publishes OpenAPI v3 documents whose PATCH operations accept fieldValidation', async () => {
    const root = await kubeRequest(server, 'GET', '/openapi/v3');
    const url = root.body.paths['apis/apps/v1'].serverRelativeURL;
    expect(url).toMatch(/^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]+$/);
    const doc = await kubeRequest(server, 'GET', url);
    const item =
      doc.body.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'];
    expect(item.patch['x-kubernetes-group-version-kind']).toEqual({
      group: 'apps',
      kind: 'Deployment',
      version: 'v1',
    });
    expect(item.patch.parameters.map((p: any) => p.name)).toContain(
      'fieldValidation',
    );
    expect(
      doc.body.components.schemas['io.k8s.api.apps.v1.Deployment'][
        'x-kubernetes-preserve-unknown-fields'
      ],
    ).toBe(true);
  });

  it('serves OpenAPI v2 as JSON and refuses protobuf-only requests with 406', async () => {
    const json = await kubeRequest(server, 'GET', '/openapi/v2', {
      accept: 'application/json',
    });
    expect(json.body.swagger).toBe('2.0');
    expect(json.body.definitions['io.k8s.api.core.v1.ConfigMap']).toBeDefined();
    const pb = await kubeRequest(server, 'GET', '/openapi/v2', {
      accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf',
    });
    expect(pb.status).toBe(406);
  });

  it('answers unknown paths with the bare NotFound Status', async () => {
    const res = await kubeRequest(
      server,
      'GET',
      '/apis/example.com/v1/widgets',
    );
    expect(res.status).toBe(404);
    expect(res.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'the server could not find the requested resource',
      reason: 'NotFound',
      details: {},
      code: 404,
    });
  });
});
