import {
  formatResourceKey,
  groupOf,
  KubeObject,
  resourceKey,
  sameResource,
  versionOf,
} from './objects';

describe('resource keys', () => {
  it.each<[string, KubeObject, string]>([
    [
      'a namespaced apps object',
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', namespace: 'default' },
      },
      'apps/Deployment default/web',
    ],
    [
      'a core object',
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web', namespace: 'default' },
      },
      'Service default/web',
    ],
    [
      'a cluster-scoped object',
      {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRole',
        metadata: { name: 'reader' },
      },
      'rbac.authorization.k8s.io/ClusterRole reader',
    ],
  ])('%s → %s', (_name, obj, text) => {
    expect(formatResourceKey(resourceKey(obj))).toBe(text);
  });

  it.each([
    ['apps/v1', 'apps', 'v1'],
    ['v1', '', 'v1'],
    ['cert-manager.io/v1beta1', 'cert-manager.io', 'v1beta1'],
  ])('splits %s into group %j and version %j', (apiVersion, group, version) => {
    expect(groupOf(apiVersion)).toBe(group);
    expect(versionOf(apiVersion)).toBe(version);
  });

  it('ignores the version when comparing resources', () => {
    const a = resourceKey({
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'h', namespace: 'n' },
    });
    const b = resourceKey({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'h', namespace: 'n' },
    });
    const c = resourceKey({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'h', namespace: 'm' },
    });
    expect(sameResource(a, b)).toBe(true);
    expect(sameResource(a, c)).toBe(false);
  });
});
