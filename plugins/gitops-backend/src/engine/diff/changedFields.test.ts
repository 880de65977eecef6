import { changedFields } from './changedFields';

const pod = (containers: object[]) => ({
  spec: { template: { spec: { containers } } },
});

describe('changedFields', () => {
  it.each<[string, unknown, unknown, string[]]>([
    ['equal objects', { a: { b: [1, 2] } }, { a: { b: [1, 2] } }, []],
    [
      'a scalar change',
      { spec: { replicas: 3 } },
      { spec: { replicas: 1 } },
      ['spec.replicas'],
    ],
    [
      'an added and a removed key, sorted',
      { b: 1, c: 2 },
      { a: 1, c: 2 },
      ['a', 'b'],
    ],
    [
      'a container matched by name',
      pod([
        { name: 'web', image: 'v2' },
        { name: 'side', image: 's' },
      ]),
      pod([
        { name: 'side', image: 's' },
        { name: 'web', image: 'v1' },
      ]),
      ['spec.template.spec.containers[name=web].image'],
    ],
    [
      'an inserted named item reports only that item',
      pod([{ name: 'init' }, { name: 'web' }]),
      pod([{ name: 'web' }]),
      ['spec.template.spec.containers[name=init]'],
    ],
    [
      'an unnamed list of equal length, by index',
      { args: ['a', 'b'] },
      { args: ['a', 'c'] },
      ['args[1]'],
    ],
    [
      'an unnamed list of another length',
      { args: ['a', 'b'] },
      { args: ['a'] },
      ['args'],
    ],
    [
      'duplicate names fall back to indexes',
      {
        l: [
          { name: 'x', v: 1 },
          { name: 'x', v: 2 },
        ],
      },
      {
        l: [
          { name: 'x', v: 1 },
          { name: 'x', v: 3 },
        ],
      },
      ['l[1].v'],
    ],
    [
      'keys that are not identifiers',
      { metadata: { labels: { 'app.kubernetes.io/name': 'a' } } },
      { metadata: { labels: { 'app.kubernetes.io/name': 'b' } } },
      ['metadata.labels["app.kubernetes.io/name"]'],
    ],
    [
      'a type change',
      { spec: { ports: 'x' } },
      { spec: { ports: [1] } },
      ['spec.ports'],
    ],
    ['a change at the root', 1, 2, ['']],
  ])('%s', (_name, a, b, expected) => {
    expect(changedFields(a, b)).toEqual(expected);
  });
});
