import {
  ApiException,
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  Watch,
} from '@kubernetes/client-node';
import { startLocalKubeApiServer, LocalKubeApiServer } from './server';
import { deployment } from './testing/kubeHttp';
import { widgetCrd } from './testing/widgetCrd';

describe('@kubernetes/client-node against the local API server', () => {
  let server: LocalKubeApiServer;
  let kc: KubeConfig;
  beforeAll(async () => {
    server = await startLocalKubeApiServer({ workloadDelayMs: 50 });
    kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [
        {
          name: 'local',
          server: server.url,
          caData: server.caData,
          skipTLSVerify: false,
        },
      ],
      users: [{ name: 'local', token: server.token }],
      contexts: [
        {
          name: 'local',
          cluster: 'local',
          user: 'local',
          namespace: 'default',
        },
      ],
      currentContext: 'local',
    });
  });
  afterAll(() => server.stop());

  it('creates, lists by label and reads with the typed CoreV1Api', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: 'typed' } } });
    for (const [name, tier] of [
      ['a', 'web'],
      ['b', 'db'],
    ]) {
      await core.createNamespacedConfigMap({
        namespace: 'typed',
        body: { metadata: { name, labels: { tier } }, data: { k: name } },
      });
    }
    const list = await core.listNamespacedConfigMap({
      namespace: 'typed',
      labelSelector: 'tier=web',
    });
    expect(list.items.map(i => i.metadata?.name)).toEqual(['a']);
    const read = await core.readNamespacedConfigMap({
      namespace: 'typed',
      name: 'b',
    });
    expect(read.data).toEqual({ k: 'b' });
  });

  it('surfaces API errors as ApiException with the Status code', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'twice' } },
    });
    const err = await core
      .createNamespacedConfigMap({
        namespace: 'default',
        body: { metadata: { name: 'twice' } },
      })
      .catch(e => e);
    expect(err).toBeInstanceOf(ApiException);
    expect(err.code).toBe(409);
    expect(JSON.parse(err.body)).toMatchObject({
      kind: 'Status',
      reason: 'AlreadyExists',
    });
  });

  it('works with AppsV1Api deployments, including the scale subresource', async () => {
    const apps = kc.makeApiClient(AppsV1Api);
    await apps.createNamespacedDeployment({
      namespace: 'default',
      body: deployment('typed-deploy') as any,
    });
    // Let the simulated controller finish its status writes, or the replace below would be stale (409).
    server.cluster.settle();
    const scale = await apps.readNamespacedDeploymentScale({
      namespace: 'default',
      name: 'typed-deploy',
    });
    expect(scale.spec?.replicas).toBe(2);
    await apps.replaceNamespacedDeploymentScale({
      namespace: 'default',
      name: 'typed-deploy',
      body: { ...scale, spec: { replicas: 3 } },
    });
    server.cluster.settle();
    const read = await apps.readNamespacedDeployment({
      namespace: 'default',
      name: 'typed-deploy',
    });
    expect(read.spec?.replicas).toBe(3);
    expect(read.status?.availableReplicas).toBe(3);
  });

  it('applies server-side through KubernetesObjectApi, dry-run included', async () => {
    const objects = KubernetesObjectApi.makeApiClient(kc);
    const spec = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'generic', namespace: 'default' },
      data: { a: '1' },
    };
    await objects.patch(
      spec,
      undefined,
      undefined,
      'engine',
      true,
      PatchStrategy.ServerSideApply,
    );
    const dry = await objects.patch(
      { ...spec, data: { a: '2' } },
      undefined,
      'All',
      'engine',
      true,
      PatchStrategy.ServerSideApply,
    );
    expect((dry as any).data.a).toBe('2');
    const live = await objects.read({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'generic', namespace: 'default' },
    });
    expect((live as any).data.a).toBe('1');
    expect(live.metadata?.managedFields?.[0]).toMatchObject({
      manager: 'engine',
      operation: 'Apply',
    });
  });

  it('creates a CRD and uses its kind in the same test', async () => {
    const objects = KubernetesObjectApi.makeApiClient(kc);
    await objects.create(widgetCrd() as any);
    await objects.create({
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w1', namespace: 'default' },
      spec: { replicas: 1 },
    } as any);
    const list = await objects.list('example.com/v1', 'Widget', 'default');
    expect(list.items.map(i => i.metadata?.name)).toEqual(['w1']);
  });

  it('receives watch events through Watch', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const start = await core.listNamespacedConfigMap({ namespace: 'default' });
    const events: Array<[string, string]> = [];
    let done!: () => void;
    const finished = new Promise<void>(r => (done = r));
    const controller = await new Watch(kc).watch(
      '/api/v1/namespaces/default/configmaps',
      {
        resourceVersion: start.metadata?.resourceVersion,
        labelSelector: 'watched=yes',
      },
      (phase, obj) => {
        events.push([phase, obj.metadata.name]);
        if (phase === 'DELETED') done();
      },
      () => done(),
    );
    await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'wc', labels: { watched: 'yes' } } },
    });
    // The generated client sends PATCH as a JSON patch by default.
    await core.patchNamespacedConfigMap({
      namespace: 'default',
      name: 'wc',
      body: [{ op: 'add', path: '/data', value: { x: '1' } }],
    });
    await core.deleteNamespacedConfigMap({ namespace: 'default', name: 'wc' });
    await finished;
    controller.abort();
    expect(events).toEqual([
      ['ADDED', 'wc'],
      ['MODIFIED', 'wc'],
      ['DELETED', 'wc'],
    ]);
  });
});
