import { appliedFieldSet, compareObjects } from './objectFields';
import { pathToString } from './fieldSet';

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'web',
    namespace: 'default',
    labels: { app: 'web' },
    resourceVersion: '7',
    uid: 'u',
  },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [
          {
            name: 'web',
            image: 'nginx',
            args: ['--x'],
            env: [{ name: 'A', value: '1' }],
            ports: [{ containerPort: 80 }],
          },
        ],
      },
    },
  },
  status: { replicas: 2 },
};

describe('appliedFieldSet', () => {
  it('owns leaves and list items, not maps; identity, server metadata and status are left out', () => {
    expect(appliedFieldSet(deployment, 'Deployment').toFieldsV1()).toEqual({
      'f:metadata': { 'f:labels': { 'f:app': {} } },
      'f:spec': {
        'f:replicas': {},
        'f:selector': {},
        'f:template': {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': {
            'f:containers': {
              'k:{"name":"web"}': {
                '.': {},
                'f:args': {},
                'f:env': {
                  'k:{"name":"A"}': { '.': {}, 'f:name': {}, 'f:value': {} },
                },
                'f:image': {},
                'f:name': {},
                'f:ports': {
                  'k:{"containerPort":80,"protocol":"TCP"}': {
                    '.': {},
                    'f:containerPort': {},
                  },
                },
              },
            },
          },
        },
      },
    });
  });

  it.each([
    [
      'Service ports keyed by port and protocol',
      {
        kind: 'Service',
        spec: {
          ports: [{ port: 80, protocol: 'UDP' }, { port: 443 }],
          selector: { app: 'a' },
        },
      },
      {
        'f:spec': {
          'f:ports': {
            'k:{"port":80,"protocol":"UDP"}': {
              '.': {},
              'f:port': {},
              'f:protocol': {},
            },
            'k:{"port":443,"protocol":"TCP"}': { '.': {}, 'f:port': {} },
          },
          'f:selector': { 'f:app': {} },
        },
      },
    ],
    [
      'finalizers as a set',
      { kind: 'ConfigMap', metadata: { finalizers: ['a/b', 'c'] } },
      { 'f:metadata': { 'f:finalizers': { 'v:"a/b"': {}, 'v:"c"': {} } } },
    ],
    [
      'an atomic list is one leaf',
      { kind: 'Pod', spec: { tolerations: [{ key: 'k' }] } },
      { 'f:spec': { 'f:tolerations': {} } },
    ],
    [
      'a keyed list whose items lack keys is atomic',
      { kind: 'Pod', spec: { containers: [{ image: 'x' }] } },
      { 'f:spec': { 'f:containers': {} } },
    ],
    [
      'empty maps and lists own nothing',
      { kind: 'ConfigMap', data: {}, metadata: { finalizers: [] } },
      {},
    ],
  ])('%s', (_name, config, expected) => {
    expect(
      appliedFieldSet(
        { apiVersion: 'v1', ...config },
        config.kind,
      ).toFieldsV1(),
    ).toEqual(expected);
  });
});

describe('compareObjects', () => {
  it('marks everything a create adds, with "." on what did not exist in an empty object', () => {
    const { added, modified, removed } = compareObjects(
      undefined,
      deployment,
      'Deployment',
      'main',
    );
    expect(modified.isEmpty() && removed.isEmpty()).toBe(true);
    expect(added.toFieldsV1()).toEqual({
      'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
      'f:spec': {
        'f:replicas': {},
        'f:selector': {},
        'f:template': {
          'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
          'f:spec': {
            'f:containers': {
              'k:{"name":"web"}': {
                '.': {},
                'f:args': {},
                'f:env': {
                  '.': {},
                  'k:{"name":"A"}': { '.': {}, 'f:name': {}, 'f:value': {} },
                },
                'f:image': {},
                'f:name': {},
                'f:ports': {
                  '.': {},
                  'k:{"containerPort":80,"protocol":"TCP"}': {
                    '.': {},
                    'f:containerPort': {},
                  },
                },
              },
            },
          },
        },
      },
    });
  });

  it('splits a change into added, modified and removed fields', () => {
    const before = {
      kind: 'ConfigMap',
      data: { keep: '1', change: '1', drop: '1' },
      metadata: { finalizers: ['a', 'b'] },
    };
    const after = {
      kind: 'ConfigMap',
      data: { keep: '1', change: '2', add: '1' },
      metadata: { finalizers: ['b', 'c'] },
    };
    const { added, modified, removed } = compareObjects(
      before,
      after,
      'ConfigMap',
      'main',
    );
    expect(added.paths().map(pathToString)).toEqual([
      '.data.add',
      '.metadata.finalizers[="c"]',
    ]);
    expect(modified.paths().map(pathToString)).toEqual(['.data.change']);
    expect(removed.paths().map(pathToString)).toEqual([
      '.data.drop',
      '.metadata.finalizers[="a"]',
    ]);
  });

  it.each([
    ['main', ['.spec.replicas']],
    ['status', ['.status.replicas']],
  ] as const)('sees only the %s scope', (scope, expected) => {
    const after = {
      ...deployment,
      spec: { ...deployment.spec, replicas: 3 },
      status: { replicas: 3 },
    };
    expect(
      compareObjects(deployment, after, 'Deployment', scope)
        .modified.paths()
        .map(pathToString),
    ).toEqual(expected);
  });
});
