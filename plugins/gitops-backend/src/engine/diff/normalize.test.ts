import type { KubeObject } from '@backstage-gitops/plugin-gitops-node';
import { IgnoreRule, normalizeForDiff } from './normalize';

const live: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'web',
    namespace: 'team-a',
    uid: 'u-1',
    resourceVersion: '42',
    generation: 7,
    creationTimestamp: '2024-01-01T00:00:00Z',
    managedFields: [{ manager: 'kubectl' }],
    selfLink: '/apis/apps/v1/x',
    deletionGracePeriodSeconds: 30,
    labels: { app: 'web' },
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
  },
  spec: {
    replicas: 3,
    template: { spec: { containers: [{ name: 'web', image: 'nginx' }] } },
  },
  status: { readyReplicas: 3 },
};

describe('normalizeForDiff', () => {
  it('drops server-managed metadata, status, last-applied and the then-empty annotations', () => {
    expect(normalizeForDiff(live)).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'team-a', labels: { app: 'web' } },
      spec: live.spec,
    });
  });

  it.each([
    [
      'with an ignore rule',
      [{ jsonPointers: ['/spec/replicas', '/metadata/labels/app'] }],
    ],
    ['without ignore rules', []],
  ])('does not mutate its input, %s', (_name, ignore) => {
    const before = structuredClone(live);
    const result = normalizeForDiff(live, { ignore });
    expect(live).toEqual(before);
    expect(result.metadata.managedFields).toBeUndefined();
    expect((result as any).status).toBeUndefined();
  });

  it.each<[string, IgnoreRule, boolean]>([
    ['a rule for every object', { jsonPointers: ['/spec/replicas'] }, true],
    [
      'a rule for the kind',
      { kind: 'Deployment', jsonPointers: ['/spec/replicas'] },
      true,
    ],
    [
      'a rule for the group and name',
      { group: 'apps', name: 'web', jsonPointers: ['/spec/replicas'] },
      true,
    ],
    [
      'a rule for another kind',
      { kind: 'StatefulSet', jsonPointers: ['/spec/replicas'] },
      false,
    ],
    [
      'a rule for the core group',
      { group: '', jsonPointers: ['/spec/replicas'] },
      false,
    ],
    [
      'a rule for another name',
      { name: 'api', jsonPointers: ['/spec/replicas'] },
      false,
    ],
  ])('applies ignore rules: %s → ignored %s', (_name, rule, ignored) => {
    const spec = normalizeForDiff(live, { ignore: [rule] }).spec as Record<
      string,
      unknown
    >;
    expect('replicas' in spec).toBe(!ignored);
  });

  it('keeps other annotations', () => {
    const obj = {
      ...live,
      metadata: {
        ...live.metadata,
        annotations: {
          keep: 'me',
          'kubectl.kubernetes.io/last-applied-configuration': '{}',
        },
      },
    };
    expect(normalizeForDiff(obj).metadata.annotations).toEqual({ keep: 'me' });
  });
});
