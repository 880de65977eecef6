import { OWNERSHIP } from '@backstage-gitops/plugin-gitops-common';
import { KubeObject } from '@backstage-gitops/plugin-gitops-node';
import { decideApply, decidePrune, ownerOf } from './takeover';

const A = 'component:default/team-a#prod';
const B = 'component:default/team-b#prod';

const object = (
  kind: string,
  name: string,
  owner?: string,
  apiVersion = kind === 'Deployment' ? 'apps/v1' : 'v1',
): KubeObject => ({
  apiVersion,
  kind,
  metadata: {
    name,
    namespace: 'team-a',
    ...(owner !== undefined
      ? { annotations: { [OWNERSHIP.appAnnotation]: owner } }
      : {}),
  },
});

describe('decideApply', () => {
  const OTHER = `owned by application ${A} (an application never takes over another application's objects)`;
  const UNOWNED =
    'exists and is not managed by any application; set adoptExisting to take it over';
  it.each<[string, KubeObject | undefined, string, boolean, string]>([
    // live object                          app  adoptExisting  decision
    ['no live object', undefined, B, false, 'apply'],
    ['no live object, adopt', undefined, B, true, 'apply'],
    ['its own', object('Deployment', 'web', B), B, false, 'apply'],
    ['its own, adopt', object('Deployment', 'web', B), B, true, 'apply'],
    ['another app', object('Deployment', 'web', A), B, false, OTHER],
    ['another app, adopt', object('Deployment', 'web', A), B, true, OTHER],
    ['unowned', object('Deployment', 'web'), B, false, UNOWNED],
    ['unowned, adopt', object('Deployment', 'web'), B, true, 'apply'],
    ['empty id is no id', object('ConfigMap', 'c', ''), B, false, UNOWNED],
    ['empty id, adopt', object('ConfigMap', 'c', ''), B, true, 'apply'],
    [
      'unowned Namespace made out of band',
      object('Namespace', 'team-a'),
      B,
      false,
      UNOWNED,
    ],
    [
      "the cluster's default ServiceAccount",
      object('ServiceAccount', 'default'),
      B,
      false,
      'apply',
    ],
    [
      'a ServiceAccount named otherwise',
      object('ServiceAccount', 'deployer'),
      B,
      false,
      UNOWNED,
    ],
    [
      'the default ServiceAccount another app owns',
      object('ServiceAccount', 'default', A),
      B,
      true,
      OTHER,
    ],
  ])('%s', (_case, live, app, adoptExisting, expected) => {
    const desired = live ?? object('Deployment', 'web');
    const decision = decideApply(
      { ...desired, metadata: { ...desired.metadata, annotations: {} } },
      live,
      { id: app, adoptExisting },
    );
    expect(decision.action === 'apply' ? 'apply' : decision.reason).toBe(
      expected,
    );
    // a conflict with another application names it
    const named =
      decision.action === 'conflict' && expected === OTHER ? decision.owner : A;
    expect(named).toBe(A);
  });
});

describe('decidePrune', () => {
  it.each<[string, KubeObject | undefined, string]>([
    ['gone already', undefined, 'gone'],
    ['still its own', object('ConfigMap', 'c', B), 'prune'],
    [
      'now owned by another app',
      object('ConfigMap', 'c', A),
      `not pruned: the live object is now owned by application ${A}`,
    ],
    [
      'id taken off',
      object('ConfigMap', 'c'),
      'not pruned: the live object carries no application id (someone took it out of GitOps)',
    ],
  ])('%s', (_case, live, expected) => {
    const decision = decidePrune(live, B);
    expect(decision.action === 'keep' ? decision.reason : decision.action).toBe(
      expected,
    );
  });

  it('reads the id from the annotation only (the label is a hash of it)', () => {
    expect(
      ownerOf({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'c', labels: { [OWNERSHIP.appLabel]: 'app-1' } },
      }),
    ).toBeUndefined();
  });
});
