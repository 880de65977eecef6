import {
  isAlwaysPresent,
  isAtomicMap,
  smpListStrategy,
  ssaListShape,
} from './listSemantics';

const path = (dotted: string) =>
  dotted
    .split('.')
    .flatMap(p => (p.endsWith('[]') ? [p.slice(0, -2), '[]'] : [p]));

describe('listSemantics', () => {
  const lists: Array<[string, string, string | undefined, any]> = [
    ['spec.containers', 'Pod', 'name', { type: 'map', keys: ['name'] }],
    [
      'spec.template.spec.containers',
      'Deployment',
      'name',
      { type: 'map', keys: ['name'] },
    ],
    [
      'spec.jobTemplate.spec.template.spec.initContainers',
      'CronJob',
      'name',
      { type: 'map', keys: ['name'] },
    ],
    [
      'template.spec.ephemeralContainers',
      'PodTemplate',
      'name',
      { type: 'map', keys: ['name'] },
    ],
    [
      'spec.template.spec.containers[].env',
      'Deployment',
      'name',
      { type: 'map', keys: ['name'] },
    ],
    [
      'spec.containers[].ports',
      'Pod',
      'containerPort',
      {
        type: 'map',
        keys: ['containerPort', 'protocol'],
        keyDefaults: { protocol: 'TCP' },
      },
    ],
    [
      'spec.ports',
      'Service',
      'port',
      {
        type: 'map',
        keys: ['port', 'protocol'],
        keyDefaults: { protocol: 'TCP' },
      },
    ],
    ['spec.ports', 'Endpoints', undefined, { type: 'atomic' }],
    [
      'spec.template.spec.volumes',
      'StatefulSet',
      'name',
      { type: 'map', keys: ['name'] },
    ],
    [
      'spec.containers[].volumeMounts',
      'Pod',
      'mountPath',
      { type: 'map', keys: ['mountPath'] },
    ],
    ['spec.imagePullSecrets', 'Pod', 'name', { type: 'map', keys: ['name'] }],
    ['spec.tolerations', 'Pod', undefined, { type: 'atomic' }],
    ['spec.containers[].envFrom', 'Pod', undefined, { type: 'atomic' }],
    ['spec.containers[].args', 'Pod', undefined, { type: 'atomic' }],
    ['metadata.finalizers', 'ConfigMap', '', { type: 'set' }],
    [
      'metadata.ownerReferences',
      'ConfigMap',
      'uid',
      { type: 'map', keys: ['uid'] },
    ],
    [
      'status.conditions',
      'Deployment',
      'type',
      { type: 'map', keys: ['type'] },
    ],
  ];

  it.each(lists)('%s in a %s', (dotted, kind, smpKey, shape) => {
    expect(smpListStrategy(path(dotted), kind)).toEqual(
      smpKey === undefined ? undefined : { mergeKey: smpKey },
    );
    expect(ssaListShape(path(dotted), kind)).toMatchObject(shape);
  });

  it.each([
    ['spec.selector', 'Deployment', true],
    ['spec.selector', 'Service', false],
    [
      'spec.template.spec.affinity.podAffinity.x[].labelSelector',
      'Deployment',
      true,
    ],
    ['metadata.labels', 'Deployment', false],
  ])('map %s in a %s is atomic: %s', (dotted, kind, atomic) => {
    expect(isAtomicMap(path(dotted), kind as string)).toBe(atomic);
  });

  it.each([
    ['spec', 'ConfigMap', true],
    ['spec.template.spec', 'Deployment', true],
    ['spec.template.spec.containers', 'Deployment', true],
    ['metadata.labels', 'Deployment', false],
    ['spec.template.spec.volumes', 'Deployment', false],
  ])('%s in a %s is always present: %s', (dotted, kind, expected) => {
    expect(isAlwaysPresent(path(dotted), kind as string)).toBe(expected);
  });
});
