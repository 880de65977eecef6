import type { KubeObject } from '@backstage-gitops/plugin-gitops-node';
import { pruneOrder, syncPlan, syncWaves } from './syncPlan';
import { syncWaveOf } from '@backstage-gitops/plugin-gitops-node';

function o(
  apiVersion: string,
  kind: string,
  name: string,
  opts: { ns?: string; wave?: string; argoWave?: string } = {},
): KubeObject {
  const annotations: Record<string, string> = {};
  if (opts.wave !== undefined)
    annotations['gitops.backstage.io/sync-wave'] = opts.wave;
  if (opts.argoWave !== undefined)
    annotations['argocd.argoproj.io/sync-wave'] = opts.argoWave;
  return {
    apiVersion,
    kind,
    metadata: {
      name,
      ...(opts.ns ? { namespace: opts.ns } : {}),
      ...(Object.keys(annotations).length ? { annotations } : {}),
    },
  };
}
const label = (x: KubeObject) =>
  `${x.kind}/${x.metadata.namespace ? `${x.metadata.namespace}/` : ''}${
    x.metadata.name
  }`;

const ns = o('v1', 'Namespace', 'team-a');
const crd = o(
  'apiextensions.k8s.io/v1',
  'CustomResourceDefinition',
  'widgets.example.com',
);
const deploy = o('apps/v1', 'Deployment', 'web', { ns: 'team-a' });
const svc = o('v1', 'Service', 'web', { ns: 'team-a' });
const cm = o('v1', 'ConfigMap', 'settings', { ns: 'team-a' });
const sa = o('v1', 'ServiceAccount', 'web', { ns: 'team-a' });
const ing = o('networking.k8s.io/v1', 'Ingress', 'web', { ns: 'team-a' });
const widget = o('example.com/v1', 'Widget', 'w', { ns: 'team-a' });
const gadget = o('example.com/v1', 'Gadget', 'g', { ns: 'team-a' });
const fakeService = o('example.com/v1', 'Service', 'not-core', {
  ns: 'team-a',
});
const migrate = o('batch/v1', 'Job', 'migrate', { ns: 'team-a', wave: '-1' });
const smoke = o('batch/v1', 'Job', 'smoke', { ns: 'team-a', argoWave: '5' });

describe('syncWaveOf', () => {
  it.each<[string, KubeObject, number]>([
    ['no annotation', deploy, 0],
    ['a negative wave', migrate, -1],
    ['the Argo CD annotation', smoke, 5],
    [
      'ours wins over Argo CD',
      o('v1', 'ConfigMap', 'c', { wave: '2', argoWave: '9' }),
      2,
    ],
    [
      'surrounding spaces and a plus sign',
      o('v1', 'ConfigMap', 'c', { wave: ' +3 ' }),
      3,
    ],
  ])('%s → %d', (_name, obj, wave) => {
    expect(syncWaveOf(obj)).toBe(wave);
  });

  it.each(['one', '1.5', '', '1e3', '99999999999999999999'])(
    'refuses %j, naming the object',
    value => {
      expect(() =>
        syncWaveOf(o('v1', 'ConfigMap', 'c', { ns: 'n', wave: value })),
      ).toThrow(
        `ConfigMap n/c: annotation gitops.backstage.io/sync-wave must be an integer, got "${value}"`,
      );
    },
  );
});

describe('syncWaves', () => {
  it('orders waves ascending and kinds in install order, custom kinds last', () => {
    const waves = syncWaves([
      widget,
      ing,
      deploy,
      smoke,
      svc,
      gadget,
      cm,
      fakeService,
      migrate,
      sa,
      ns,
    ]);
    expect(waves.map(w => w.map(label))).toEqual([
      ['Job/team-a/migrate'],
      [
        'Namespace/team-a',
        'ServiceAccount/team-a/web',
        'ConfigMap/team-a/settings',
        'Service/team-a/web',
        'Deployment/team-a/web',
        'Ingress/team-a/web',
        'Gadget/team-a/g',
        'Service/team-a/not-core',
        'Widget/team-a/w',
      ],
      ['Job/team-a/smoke'],
    ]);
  });

  it('breaks ties by namespace, then name', () => {
    const objects = [
      o('v1', 'ConfigMap', 'b', { ns: 'x' }),
      o('v1', 'ConfigMap', 'a', { ns: 'y' }),
      o('v1', 'ConfigMap', 'a', { ns: 'x' }),
    ];
    expect(syncWaves(objects)[0].map(label)).toEqual([
      'ConfigMap/x/a',
      'ConfigMap/x/b',
      'ConfigMap/y/a',
    ]);
  });

  it('is independent of input order', () => {
    const objects = [widget, ing, deploy, svc, cm, sa, ns, crd];
    expect(syncWaves([...objects].reverse())).toEqual(syncWaves(objects));
  });
});

describe('syncPlan', () => {
  it('puts Namespaces then CRDs in preflight whatever their wave', () => {
    const lateNs = o('v1', 'Namespace', 'late', { wave: '10' });
    const plan = syncPlan([widget, deploy, crd, migrate, lateNs, ns]);
    expect(plan.preflight.map(label)).toEqual([
      'Namespace/late',
      'Namespace/team-a',
      'CustomResourceDefinition/widgets.example.com',
    ]);
    expect(plan.waves.map(w => [w.wave, w.objects.map(label)])).toEqual([
      [-1, ['Job/team-a/migrate']],
      [0, ['Deployment/team-a/web', 'Widget/team-a/w']],
    ]);
  });

  it('throws on an invalid wave', () => {
    expect(() =>
      syncPlan([o('v1', 'ConfigMap', 'c', { ns: 'n', wave: 'x' })]),
    ).toThrow(/ConfigMap n\/c/);
  });
});

describe('pruneOrder', () => {
  it('is the reverse of the install order', () => {
    const objects = [cm, ns, deploy, migrate, crd, smoke, widget, svc];
    const install = (() => {
      const plan = syncPlan(objects);
      return [...plan.preflight, ...plan.waves.flatMap(w => w.objects)];
    })();
    expect(pruneOrder(objects)).toEqual([...install].reverse());
    expect(pruneOrder(objects).map(label)).toEqual([
      'Job/team-a/smoke',
      'Widget/team-a/w',
      'Deployment/team-a/web',
      'Service/team-a/web',
      'ConfigMap/team-a/settings',
      'Job/team-a/migrate',
      'CustomResourceDefinition/widgets.example.com',
      'Namespace/team-a',
    ]);
  });

  it('treats an invalid wave on a live object as 0 instead of failing', () => {
    const bad = o('v1', 'ConfigMap', 'old', { ns: 'team-a', wave: 'oops' });
    expect(pruneOrder([bad, smoke]).map(label)).toEqual([
      'Job/team-a/smoke',
      'ConfigMap/team-a/old',
    ]);
  });
});
