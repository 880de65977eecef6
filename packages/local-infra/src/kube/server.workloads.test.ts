import { startLocalKubeApiServer, LocalKubeApiServer } from './server';
import { deployment, kubeRequest, kubeWatch } from './testing/kubeHttp';

const DEPLOY = '/apis/apps/v1/namespaces/default/deployments';
const condition = (obj: any, type: string) =>
  obj.status?.conditions?.find((c: any) => c.type === type);

describe('workload simulator', () => {
  let server: LocalKubeApiServer;
  beforeAll(async () => {
    server = await startLocalKubeApiServer({ workloadDelayMs: 50 });
  });
  afterAll(() => server.stop());

  it('moves a deployment through a progressing status to available, visible as MODIFIED events', async () => {
    const created = (
      await kubeRequest(server, 'POST', DEPLOY, {
        body: deployment('sim', 'nginx:1.27', 3),
      })
    ).body;
    const w = kubeWatch(
      server,
      `${DEPLOY}?watch=1&fieldSelector=metadata.name%3Dsim&resourceVersion=${created.metadata.resourceVersion}`,
    );
    try {
      const progressing = await w.next();
      expect(progressing.type).toBe('MODIFIED');
      expect(progressing.object.status.observedGeneration).toBe(1);
      expect(progressing.object.status.updatedReplicas ?? 0).toBeLessThan(3);
      expect(condition(progressing.object, 'Progressing').reason).toBe(
        'ReplicaSetUpdated',
      );
      const done = await w.next();
      expect(done.object.status).toMatchObject({
        replicas: 3,
        updatedReplicas: 3,
        readyReplicas: 3,
        availableReplicas: 3,
      });
      expect(condition(done.object, 'Available').status).toBe('True');
      expect(condition(done.object, 'Progressing').reason).toBe(
        'NewReplicaSetAvailable',
      );
      expect(Number(done.object.metadata.resourceVersion)).toBeGreaterThan(
        Number(progressing.object.metadata.resourceVersion),
      );
    } finally {
      w.close();
    }
    // Status writes are not requests.
    expect(
      server.requestLog
        .filter(e => e.verb !== 'get' && e.verb !== 'watch' && e.name === 'sim')
        .map(e => e.verb),
    ).toEqual([]);
  });

  it('fails a deployment whose image was marked failing with ProgressDeadlineExceeded', async () => {
    server.cluster.failImage('registry.example/broken:1');
    await kubeRequest(server, 'POST', DEPLOY, {
      body: deployment('broken', 'registry.example/broken:1', 2),
    });
    server.cluster.settle();
    const live = server.cluster.get(
      'apps/v1',
      'Deployment',
      'default',
      'broken',
    )!;
    expect(condition(live, 'Progressing')).toMatchObject({
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
    });
    expect(condition(live, 'Available').status).toBe('False');
    expect(live.status.availableReplicas).toBeUndefined();
  });

  it('leaves a paused deployment unprogressed', async () => {
    const d: any = deployment('paused');
    d.spec.paused = true;
    await kubeRequest(server, 'POST', DEPLOY, { body: d });
    server.cluster.settle();
    const live = server.cluster.get(
      'apps/v1',
      'Deployment',
      'default',
      'paused',
    )!;
    expect(condition(live, 'Progressing')).toMatchObject({
      status: 'Unknown',
      reason: 'DeploymentPaused',
    });
    expect(live.status.availableReplicas).toBeUndefined();
  });

  it('rolls a new generation out again after a spec change', async () => {
    await kubeRequest(server, 'POST', DEPLOY, { body: deployment('roll') });
    server.cluster.settle();
    await kubeRequest(server, 'PATCH', `${DEPLOY}/roll`, {
      body: { spec: { replicas: 4 } },
      contentType: 'application/merge-patch+json',
    });
    server.cluster.settle();
    const live = server.cluster.get(
      'apps/v1',
      'Deployment',
      'default',
      'roll',
    )!;
    expect(live.status).toMatchObject({
      observedGeneration: 2,
      availableReplicas: 4,
    });
  });

  it('gives statefulsets, daemonsets, jobs and pods their finished status', async () => {
    const template = {
      metadata: { labels: { app: 'x' } },
      spec: { containers: [{ name: 'c', image: 'busybox' }] },
    };
    const spec = { selector: { matchLabels: { app: 'x' } }, template };
    const ns = '/apis/apps/v1/namespaces/default';
    await kubeRequest(server, 'POST', `${ns}/statefulsets`, {
      body: {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name: 'db' },
        spec: { ...spec, replicas: 2, serviceName: 'db' },
      },
    });
    await kubeRequest(server, 'POST', `${ns}/daemonsets`, {
      body: {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: { name: 'agent' },
        spec,
      },
    });
    await kubeRequest(
      server,
      'POST',
      '/apis/batch/v1/namespaces/default/jobs',
      {
        body: {
          apiVersion: 'batch/v1',
          kind: 'Job',
          metadata: { name: 'migrate' },
          spec: {
            template: { spec: { ...template.spec, restartPolicy: 'Never' } },
          },
        },
      },
    );
    await kubeRequest(server, 'POST', '/api/v1/namespaces/default/pods', {
      body: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p' },
        spec: template.spec,
      },
    });
    server.cluster.settle();
    expect(
      server.cluster.get('apps/v1', 'StatefulSet', 'default', 'db')!.status,
    ).toMatchObject({ replicas: 2, readyReplicas: 2, updatedReplicas: 2 });
    expect(
      server.cluster.get('apps/v1', 'DaemonSet', 'default', 'agent')!.status,
    ).toMatchObject({
      desiredNumberScheduled: 1,
      numberReady: 1,
      updatedNumberScheduled: 1,
    });
    const job = server.cluster.get('batch/v1', 'Job', 'default', 'migrate')!;
    expect(job.status.succeeded).toBe(1);
    expect(condition(job, 'Complete').status).toBe('True');
    expect(
      job.spec.selector.matchLabels['batch.kubernetes.io/controller-uid'],
    ).toBe(job.metadata.uid);
    expect(server.cluster.get('v1', 'Pod', 'default', 'p')!.status.phase).toBe(
      'Running',
    );
  });
});
