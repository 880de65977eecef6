import { isSubset, ownedFieldsPresent } from './managedFields';

describe('ownedFieldsPresent', () => {
  const desired = {
    metadata: { labels: { app: 'web' } },
    spec: {
      replicas: 2,
      template: { spec: { containers: [{ name: 'web', image: 'nginx' }] } },
      ports: [{ port: 80 }],
      finalizers: ['a'],
    },
  };
  it.each([
    ['a field still in Git', { 'f:spec': { 'f:replicas': {} } }, true],
    ['a field Git dropped', { 'f:spec': { 'f:paused': {} } }, false],
    [
      'a label Git dropped',
      { 'f:metadata': { 'f:labels': { 'f:tier': {} } } },
      false,
    ],
    [
      'a keyed list item still present',
      {
        'f:spec': {
          'f:template': {
            'f:spec': {
              'f:containers': {
                'k:{"name":"web"}': { '.': {}, 'f:image': {} },
              },
            },
          },
        },
      },
      true,
    ],
    [
      'a keyed list item removed',
      {
        'f:spec': {
          'f:template': {
            'f:spec': {
              'f:containers': { 'k:{"name":"sidecar"}': { '.': {} } },
            },
          },
        },
      },
      false,
    ],
    [
      'a field removed inside a keyed item',
      {
        'f:spec': {
          'f:template': {
            'f:spec': {
              'f:containers': { 'k:{"name":"web"}': { 'f:args': {} } },
            },
          },
        },
      },
      false,
    ],
    [
      'a defaulted key field',
      {
        'f:spec': {
          'f:ports': { 'k:{"port":80,"protocol":"TCP"}': { '.': {} } },
        },
      },
      true,
    ],
    [
      'a set item present',
      { 'f:spec': { 'f:finalizers': { 'v:"a"': {} } } },
      true,
    ],
    [
      'a set item removed',
      { 'f:spec': { 'f:finalizers': { 'v:"b"': {} } } },
      false,
    ],
    ['no ownership at all', undefined, true],
  ])('%s', (_name, fields, expected) => {
    expect(ownedFieldsPresent(fields as any, desired)).toBe(expected);
  });
});

describe('isSubset', () => {
  it.each([
    ['equal scalars', { a: 1 }, { a: 1 }, true],
    ['server defaults in live', { a: 1 }, { a: 1, b: 2 }, true],
    ['changed value', { a: 1 }, { a: 2 }, false],
    ['missing in live', { a: { b: 1 } }, { a: {} }, false],
    [
      'list element with defaults',
      { l: [{ n: 'x' }] },
      { l: [{ n: 'x', d: true }] },
      true,
    ],
    ['list of other length', { l: [1] }, { l: [1, 2] }, false],
    ['type mismatch', { a: '1' }, { a: 1 }, false],
  ])('%s', (_name, desired, live, expected) => {
    expect(isSubset(desired, live)).toBe(expected);
  });
});
