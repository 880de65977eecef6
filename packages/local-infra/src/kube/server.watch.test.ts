import { startLocalKubeApiServer, LocalKubeApiServer } from './server';
import {
  configMap,
  kubeRequest,
  kubeWatch,
  WatchStream,
} from './testing/kubeHttp';

const CM = '/api/v1/namespaces/default/configmaps';

describe('watch', () => {
  let server: LocalKubeApiServer;
  const streams: WatchStream[] = [];
  const watch = (path: string) => {
    const w = kubeWatch(server, path);
    streams.push(w);
    return w;
  };
  const post = (body: unknown) => kubeRequest(server, 'POST', CM, { body });
  beforeAll(async () => {
    server = await startLocalKubeApiServer({
      eventHistoryLimit: 50,
      watchBookmarkIntervalMs: 100,
    });
  });
  afterEach(() => streams.splice(0).forEach(s => s.close()));
  afterAll(() => server.stop());

  it('streams ADDED, MODIFIED and DELETED after the given resourceVersion', async () => {
    const rv = (await kubeRequest(server, 'GET', CM)).body.metadata
      .resourceVersion;
    const w = watch(`${CM}?watch=1&resourceVersion=${rv}`);
    expect(await w.status).toBe(200);
    const created = (await post(configMap('w1', { a: '1' }))).body;
    await kubeRequest(server, 'PUT', `${CM}/w1`, {
      body: { ...created, data: { a: '2' } },
    });
    await kubeRequest(server, 'DELETE', `${CM}/w1`);
    const added = await w.next();
    const modified = await w.next();
    const deleted = await w.next();
    expect([added.type, modified.type, deleted.type]).toEqual([
      'ADDED',
      'MODIFIED',
      'DELETED',
    ]);
    expect(added.object).toMatchObject({
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: { name: 'w1' },
    });
    expect(modified.object.data.a).toBe('2');
    expect(Number(deleted.object.metadata.resourceVersion)).toBeGreaterThan(
      Number(modified.object.metadata.resourceVersion),
    );
  });

  it('resumes from an older resourceVersion by replaying history', async () => {
    const first = (await post(configMap('r1'))).body;
    await post(configMap('r2'));
    const w = watch(
      `${CM}?watch=true&resourceVersion=${first.metadata.resourceVersion}`,
    );
    expect((await w.next()).object.metadata.name).toBe('r2');
  });

  it('sends existing objects as ADDED when no resourceVersion is given', async () => {
    await post(configMap('existing', {}, { set: 'initial' }));
    const w = watch(`${CM}?watch=1&labelSelector=set%3Dinitial`);
    expect(await w.next()).toMatchObject({
      type: 'ADDED',
      object: { metadata: { name: 'existing' } },
    });
  });

  it('reports objects entering and leaving a label selection as ADDED and DELETED', async () => {
    const rv = (await kubeRequest(server, 'GET', CM)).body.metadata
      .resourceVersion;
    const w = watch(
      `${CM}?watch=1&resourceVersion=${rv}&labelSelector=team%3Dblue`,
    );
    const obj = (await post(configMap('mover', {}, { team: 'red' }))).body;
    const blue = (
      await kubeRequest(server, 'PUT', `${CM}/mover`, {
        body: {
          ...obj,
          metadata: { ...obj.metadata, labels: { team: 'blue' } },
        },
      })
    ).body;
    await kubeRequest(server, 'PUT', `${CM}/mover`, {
      body: {
        ...blue,
        metadata: { ...blue.metadata, labels: { team: 'green' } },
      },
    });
    expect((await w.next()).type).toBe('ADDED');
    expect((await w.next()).type).toBe('DELETED');
  });

  it('answers a compacted resourceVersion with a 410 Expired ERROR event', async () => {
    const old = (await post(configMap('old'))).body.metadata.resourceVersion;
    for (let i = 0; i < 60; i++)
      await kubeRequest(server, 'PUT', `${CM}/old`, {
        body: configMap('old', { i: String(i) }),
      });
    const w = watch(`${CM}?watch=1&resourceVersion=${old}`);
    const e = await w.next();
    expect(e.type).toBe('ERROR');
    expect(e.object).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'Expired',
      code: 410,
    });
    await w.ended;
  });

  it('sends bookmarks when allowed, including the end of initial events', async () => {
    await post(configMap('bm'));
    const w = watch(
      `${CM}?watch=1&allowWatchBookmarks=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan`,
    );
    const end = await w.next(e => e.type === 'BOOKMARK');
    expect(end.object.metadata.annotations).toEqual({
      'k8s.io/initial-events-end': 'true',
    });
    expect(
      w.events.slice(0, w.events.indexOf(end)).every(e => e.type === 'ADDED'),
    ).toBe(true);
    const periodic = await w.next(e => e.type === 'BOOKMARK');
    expect(periodic.object).toMatchObject({
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: { resourceVersion: expect.any(String) },
    });
  });

  it('watches a single object by its name', async () => {
    const rv = (await kubeRequest(server, 'GET', CM)).body.metadata
      .resourceVersion;
    const w = watch(
      `/api/v1/watch/namespaces/default/configmaps/solo?resourceVersion=${rv}`,
    );
    await post(configMap('not-solo'));
    await post(configMap('solo'));
    expect((await w.next()).object.metadata.name).toBe('solo');
  });

  it('closes the stream after timeoutSeconds', async () => {
    const w = watch(`${CM}?watch=1&timeoutSeconds=1`);
    await expect(w.ended).resolves.toBeUndefined();
  });

  it('emits nothing for dry-run writes', async () => {
    const rv = (await kubeRequest(server, 'GET', CM)).body.metadata
      .resourceVersion;
    const w = watch(`${CM}?watch=1&resourceVersion=${rv}`);
    await kubeRequest(server, 'POST', `${CM}?dryRun=All`, {
      body: configMap('dry-watch'),
    });
    await post(configMap('after-dry'));
    expect((await w.next()).object.metadata.name).toBe('after-dry');
  });
});
