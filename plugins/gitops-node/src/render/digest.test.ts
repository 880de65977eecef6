import { canonicalJson, digestObjects } from './digest';

const a = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'a' },
  data: { x: '1' },
};
const b = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' } };

describe('canonicalJson', () => {
  it('sorts keys at every level but keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,1]},"b":1}',
    );
  });
});

describe('digestObjects', () => {
  it.each([
    ['reordered objects', [a, b], [b, a], true],
    [
      'reordered keys',
      [a, b],
      [
        {
          metadata: { name: 'a' },
          data: { x: '1' },
          kind: 'ConfigMap',
          apiVersion: 'v1',
        },
        b,
      ],
      true,
    ],
    ['a changed value', [a, b], [{ ...a, data: { x: '2' } }, b], false],
    ['a missing object', [a, b], [a], false],
    ['a duplicated object', [a, b], [a, a, b], false],
    [
      'a reordered list inside an object',
      [{ ...a, l: [1, 2] }],
      [{ ...a, l: [2, 1] }],
      false,
    ],
  ])('%s → same digest: %s', (_name, left, right, same) => {
    expect(digestObjects(left) === digestObjects(right)).toBe(same);
  });

  it('is a sha256 digest', () => {
    expect(digestObjects([])).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
});
