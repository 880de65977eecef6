import { ApplicationRecord } from '../database/types';
import { ReconcileOutcome } from '../engine/reconciler';
import { testApplicationSpec } from '../testUtils/applications';
import { fakeMeter } from './__testUtils__/fakeMeter';
import { createGitOpsMetrics, GITOPS_METRICS, kubeVerb } from './gitopsMetrics';

const app = (id: string, intervalSeconds = 60) =>
  ({ spec: testApplicationSpec({ id, intervalSeconds }) } as ApplicationRecord);
const resource = (
  name: string,
  syncStatus: 'Synced' | 'OutOfSync' | 'Extraneous',
) =>
  ({
    group: '',
    version: 'v1',
    kind: 'ConfigMap',
    name,
    syncStatus,
    health: 'Healthy',
  } as const);

const outcomes: Record<string, ReconcileOutcome> = {
  unchanged: {
    succeeded: true,
    state: {
      syncStatus: 'OutOfSync',
      health: 'Healthy',
      resources: [
        resource('a', 'OutOfSync'),
        resource('b', 'Extraneous'),
        resource('c', 'Synced'),
      ],
    },
  },
  synced: {
    succeeded: true,
    state: {
      syncStatus: 'Synced',
      health: 'Healthy',
      resources: [resource('a', 'Synced')],
    },
    sync: {
      id: 's1',
      applicationId: 'x',
      revision: 'r',
      trigger: 'webhook',
      startedAt: '',
      result: 'Succeeded',
      counts: { created: 1, updated: 0, unchanged: 0, pruned: 0 },
    },
  },
  failed: {
    succeeded: false,
    state: { syncStatus: 'Failed', health: 'Healthy' },
    sync: {
      id: 's2',
      applicationId: 'x',
      revision: 'r',
      trigger: 'poll',
      startedAt: '',
      result: 'Failed',
      counts: { created: 0, updated: 0, unchanged: 0, pruned: 0 },
    },
  },
};

describe('createGitOpsMetrics', () => {
  it.each([
    ['unchanged', 'unchanged', undefined],
    ['synced', 'synced', { result: 'Succeeded', trigger: 'webhook' }],
    ['failed', 'failed', { result: 'Failed', trigger: 'poll' }],
  ])(
    'records a reconcile that ended %s: duration by result, and the sync result when a sync ran',
    (name, result, sync) => {
      const fake = fakeMeter();
      createGitOpsMetrics(fake.meter, {
        countQueued: async () => 0,
      }).reconciled(app('a'), outcomes[name], 1.5);
      expect(fake.named(GITOPS_METRICS.reconcileDuration)).toEqual([
        {
          name: GITOPS_METRICS.reconcileDuration,
          value: 1.5,
          attributes: { result },
        },
      ]);
      expect(
        fake.named(GITOPS_METRICS.syncResults).map(m => m.attributes),
      ).toEqual(sync ? [sync] : []);
    },
  );

  it('reports drifted resources per application from its last outcome, until the entry goes stale', async () => {
    let now = 0;
    const fake = fakeMeter();
    const metrics = createGitOpsMetrics(fake.meter, {
      countQueued: async () => 0,
      now: () => now,
    });
    metrics.reconciled(app('a'), outcomes.unchanged, 1);
    metrics.reconciled(app('b', 600), outcomes.unchanged, 1);
    metrics.reconciled(app('b', 600), outcomes.synced, 1);
    expect(await fake.collect(GITOPS_METRICS.driftedResources)).toEqual([
      { value: 2, attributes: { application: 'a' } },
      { value: 0, attributes: { application: 'b' } },
    ]);
    now = 2 * 60_000 + 60_000 + 1; // two intervals of `a` and a minute: another replica owns it now
    expect(await fake.collect(GITOPS_METRICS.driftedResources)).toEqual([
      { value: 0, attributes: { application: 'b' } },
    ]);
  });

  it('reads the queue depth from the store when collected', async () => {
    const fake = fakeMeter();
    const countQueued = jest
      .fn()
      .mockResolvedValueOnce(7)
      .mockResolvedValueOnce(3);
    createGitOpsMetrics(fake.meter, { countQueued });
    expect(countQueued).not.toHaveBeenCalled();
    expect(await fake.collect(GITOPS_METRICS.queueDepth)).toEqual([
      { value: 7, attributes: undefined },
    ]);
    expect(await fake.collect(GITOPS_METRICS.queueDepth)).toEqual([
      { value: 3, attributes: undefined },
    ]);
  });

  it('records Git fetch durations and Kubernetes requests by verb and status', () => {
    const fake = fakeMeter();
    const metrics = createGitOpsMetrics(fake.meter, {
      countQueued: async () => 0,
    });
    metrics.gitFetched(0.25, true);
    metrics.gitFetched(3, false);
    metrics.kubeRequested(
      'PATCH',
      '/apis/apps/v1/namespaces/shop/deployments/web',
      200,
    );
    metrics.kubeRequested('GET', '/api/v1/namespaces/shop/configmaps', 403);
    expect(
      fake
        .named(GITOPS_METRICS.gitFetchDuration)
        .map(m => [m.value, m.attributes]),
    ).toEqual([
      [0.25, { result: 'ok' }],
      [3, { result: 'error' }],
    ]);
    expect(
      fake.named(GITOPS_METRICS.kubeRequests).map(m => m.attributes),
    ).toEqual([
      { verb: 'patch', status: 200 },
      { verb: 'list', status: 403 },
    ]);
  });
});

describe('kubeVerb', () => {
  it.each([
    ['GET', '/api', 'discovery'],
    ['GET', '/apis/apps/v1', 'discovery'],
    ['GET', '/api/v1/namespaces', 'list'],
    ['GET', '/api/v1/namespaces/shop', 'get'],
    ['GET', '/api/v1/namespaces/shop/configmaps', 'list'],
    ['GET', '/api/v1/namespaces/shop/configmaps/settings', 'get'],
    ['GET', '/apis/apps/v1/deployments', 'list'],
    ['GET', '/apis/apps/v1/namespaces/shop/deployments/web/status', 'get'],
    ['GET', '/apis/rbac.authorization.k8s.io/v1/clusterroles/admin', 'get'],
    ['PATCH', '/api/v1/namespaces/shop/configmaps/settings', 'patch'],
    ['DELETE', '/api/v1/namespaces/shop/configmaps/settings', 'delete'],
    ['POST', '/api/v1/namespaces/shop/configmaps', 'create'],
    ['PUT', '/api/v1/namespaces/shop/configmaps/settings', 'update'],
  ])('%s %s is %s', (method, path, verb) => {
    expect(kubeVerb(method, path)).toBe(verb);
  });
});
