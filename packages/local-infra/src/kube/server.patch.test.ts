import { startLocalKubeApiServer, LocalKubeApiServer } from './server';
import {
  configMap,
  deployment,
  kubeRequest,
  kubeWatch,
} from './testing/kubeHttp';

const CM = '/api/v1/namespaces/default/configmaps';
const DEPLOY = '/apis/apps/v1/namespaces/default/deployments';
const APPLY = 'application/apply-patch+yaml';

describe('PATCH and server-side apply', () => {
  let server: LocalKubeApiServer;
  const patch = (
    path: string,
    body: unknown,
    contentType: string,
    userAgent?: string,
  ) => kubeRequest(server, 'PATCH', path, { body, contentType, userAgent });
  const apply = (path: string, manager: string, body: unknown, extra = '') =>
    patch(`${path}?fieldManager=${manager}${extra}`, body, APPLY);
  beforeAll(async () => {
    server = await startLocalKubeApiServer({ workloadDelayMs: 60_000 });
  });
  afterAll(() => server.stop());

  it('applies a JSON patch, and answers a failing test operation with 422', async () => {
    await kubeRequest(server, 'POST', CM, {
      body: configMap('jp', { a: '1' }),
    });
    const ok = await patch(
      `${CM}/jp`,
      [
        { op: 'add', path: '/data/b', value: '2' },
        { op: 'remove', path: '/data/a' },
      ],
      'application/json-patch+json',
    );
    expect(ok.body.data).toEqual({ b: '2' });
    const failed = await patch(
      `${CM}/jp`,
      [{ op: 'test', path: '/data/b', value: 'nope' }],
      'application/json-patch+json',
    );
    expect(failed.status).toBe(422);
    expect(failed.body.kind).toBe('Status');
  });

  it('applies a JSON merge patch (null removes a key)', async () => {
    await kubeRequest(server, 'POST', CM, {
      body: configMap('mp', { a: '1', b: '2' }),
    });
    const res = await patch(
      `${CM}/mp`,
      { data: { a: null, c: '3' } },
      'application/merge-patch+json',
    );
    expect(res.body.data).toEqual({ b: '2', c: '3' });
  });

  it('applies a strategic merge patch that merges containers by name', async () => {
    const d = deployment('smp');
    d.spec.template.spec.containers.push({ name: 'sidecar', image: 'busybox' });
    await kubeRequest(server, 'POST', DEPLOY, { body: d });
    const res = await patch(
      `${DEPLOY}/smp`,
      {
        spec: {
          template: {
            spec: { containers: [{ name: 'main', image: 'nginx:1.28' }] },
          },
        },
      },
      'application/strategic-merge-patch+json',
    );
    const containers = res.body.spec.template.spec.containers;
    expect(containers.map((c: any) => [c.name, c.image])).toEqual([
      ['main', 'nginx:1.28'],
      ['sidecar', 'busybox'],
    ]);
    expect(res.body.metadata.generation).toBe(2);
  });

  it('records Update managedFields under the user-agent prefix when no fieldManager is given', async () => {
    await kubeRequest(server, 'POST', CM, {
      body: configMap('ua', { a: '1' }),
      userAgent: 'my-tool/1.2 (linux)',
    });
    const res = await patch(
      `${CM}/ua`,
      { data: { b: '2' } },
      'application/merge-patch+json',
      'other-tool/0.1',
    );
    const managers = res.body.metadata.managedFields.map((m: any) => [
      m.manager,
      m.operation,
    ]);
    expect(managers).toEqual(
      expect.arrayContaining([
        ['my-tool', 'Update'],
        ['other-tool', 'Update'],
      ]),
    );
  });

  it('rejects unknown patch content types with 415', async () => {
    const res = await patch(`${CM}/ua`, { data: {} }, 'text/plain');
    expect(res.status).toBe(415);
    expect(res.body.reason).toBe('UnsupportedMediaType');
  });

  it('creates through apply (201) and owns the applied fields', async () => {
    const res = await apply(
      `${CM}/ssa`,
      'alice',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  a: "1"\n',
    );
    expect(res.status).toBe(201);
    expect(res.body.metadata.managedFields).toEqual([
      expect.objectContaining({
        manager: 'alice',
        operation: 'Apply',
        fieldsV1: { 'f:data': { 'f:a': {} } },
      }),
    ]);
  });

  it('reports a conflict with 409 naming the other manager, and takes the field with force', async () => {
    await apply(`${CM}/conf`, 'alice', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'conf' },
      data: { a: '1' },
    });
    const conflict = await apply(`${CM}/conf`, 'bob', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'conf' },
      data: { a: '2' },
    });
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({
      kind: 'Status',
      reason: 'Conflict',
      message: 'Apply failed with 1 conflict: conflict with "alice": .data.a',
      details: { causes: [{ type: 'FieldManagerConflict', field: '.data.a' }] },
      code: 409,
    });
    const forced = await apply(
      `${CM}/conf`,
      'bob',
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'conf' },
        data: { a: '2' },
      },
      '&force=true',
    );
    expect(forced.status).toBe(200);
    expect(forced.body.data.a).toBe('2');
    expect(
      forced.body.metadata.managedFields.map((m: any) => m.manager),
    ).toEqual(['bob']);
  });

  it('shares ownership of an equal value and removes a field only when its last owner drops it', async () => {
    const body = (data: Record<string, string>) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'share' },
      data,
    });
    await apply(`${CM}/share`, 'alice', body({ a: '1', x: 'only-alice' }));
    const shared = await apply(`${CM}/share`, 'bob', body({ a: '1' }));
    expect(shared.status).toBe(200);
    const aliceDrops = await apply(`${CM}/share`, 'alice', body({}));
    expect(aliceDrops.body.data).toEqual({ a: '1' });
    const bobDrops = await apply(`${CM}/share`, 'bob', body({}));
    expect(bobDrops.body.data ?? {}).toEqual({});
  });

  it('needs a fieldManager and the endpoint version for apply', async () => {
    const res = await patch(
      `${CM}/ssa`,
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ssa' } },
      APPLY,
    );
    expect(res.status).toBe(400);
    const wrongVersion = await apply(`${CM}/ssa`, 'alice', {
      kind: 'ConfigMap',
      metadata: { name: 'ssa' },
    });
    expect(wrongVersion.status).toBe(400);
    expect(wrongVersion.body.message).toBe(
      'Incorrect version specified in apply patch. Specified patch version: , expected: v1',
    );
  });

  it('computes a dry-run apply without persisting it or emitting a watch event', async () => {
    const created = (
      await apply(`${CM}/dry`, 'alice', {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'dry' },
        data: { a: '1' },
      })
    ).body;
    const w = kubeWatch(
      server,
      `${CM}?watch=1&resourceVersion=${created.metadata.resourceVersion}`,
    );
    try {
      const dry = await apply(
        `${CM}/dry`,
        'alice',
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'dry' },
          data: { a: '2' },
        },
        '&dryRun=All',
      );
      expect(dry.body.data.a).toBe('2');
      const dryCreate = await apply(
        `${CM}/dry-new`,
        'alice',
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dry-new' } },
        '&dryRun=All',
      );
      expect(dryCreate.status).toBe(201);
      const live = (await kubeRequest(server, 'GET', `${CM}/dry`)).body;
      expect(live.data.a).toBe('1');
      expect(live.metadata.resourceVersion).toBe(
        created.metadata.resourceVersion,
      );
      expect((await kubeRequest(server, 'GET', `${CM}/dry-new`)).status).toBe(
        404,
      );
      await kubeRequest(server, 'POST', CM, { body: configMap('marker') });
      expect((await w.next()).object.metadata.name).toBe('marker');
    } finally {
      w.close();
    }
  });

  it('does not write when an apply changes nothing', async () => {
    const body = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'noop' },
      data: { a: '1' },
    };
    const first = (await apply(`${CM}/noop`, 'alice', body)).body;
    const second = (await apply(`${CM}/noop`, 'alice', body)).body;
    expect(second.metadata.resourceVersion).toBe(
      first.metadata.resourceVersion,
    );
  });
});
