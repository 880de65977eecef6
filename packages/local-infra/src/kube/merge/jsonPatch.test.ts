import { applyJsonPatch } from './jsonPatch';
import { PatchError } from './patchError';

describe('applyJsonPatch', () => {
  // RFC 6902 Appendix A.
  const rfcCases: Array<[string, any, any[], any]> = [
    [
      'A.1 add an object member',
      { foo: 'bar' },
      [{ op: 'add', path: '/baz', value: 'qux' }],
      { baz: 'qux', foo: 'bar' },
    ],
    [
      'A.2 add an array element',
      { foo: ['bar', 'baz'] },
      [{ op: 'add', path: '/foo/1', value: 'qux' }],
      { foo: ['bar', 'qux', 'baz'] },
    ],
    [
      'A.3 remove an object member',
      { baz: 'qux', foo: 'bar' },
      [{ op: 'remove', path: '/baz' }],
      { foo: 'bar' },
    ],
    [
      'A.4 remove an array element',
      { foo: ['bar', 'qux', 'baz'] },
      [{ op: 'remove', path: '/foo/1' }],
      { foo: ['bar', 'baz'] },
    ],
    [
      'A.5 replace a value',
      { baz: 'qux', foo: 'bar' },
      [{ op: 'replace', path: '/baz', value: 'boo' }],
      { baz: 'boo', foo: 'bar' },
    ],
    [
      'A.6 move a value',
      { foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } },
      [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }],
      { foo: { bar: 'baz' }, qux: { corge: 'grault', thud: 'fred' } },
    ],
    [
      'A.7 move an array element',
      { foo: ['all', 'grass', 'cows', 'eat'] },
      [{ op: 'move', from: '/foo/1', path: '/foo/3' }],
      { foo: ['all', 'cows', 'eat', 'grass'] },
    ],
    [
      'A.8 test a value: success',
      { baz: 'qux', foo: ['a', 2, 'c'] },
      [
        { op: 'test', path: '/baz', value: 'qux' },
        { op: 'test', path: '/foo/1', value: 2 },
      ],
      { baz: 'qux', foo: ['a', 2, 'c'] },
    ],
    [
      'A.10 add a nested member object',
      { foo: 'bar' },
      [{ op: 'add', path: '/child', value: { grandchild: {} } }],
      { foo: 'bar', child: { grandchild: {} } },
    ],
    [
      'A.11 ignore unrecognized elements',
      { foo: 'bar' },
      [{ op: 'add', path: '/baz', value: 'qux', xyz: 123 }],
      { foo: 'bar', baz: 'qux' },
    ],
    [
      'A.14 ~ escape ordering',
      { '/': 9, '~1': 10 },
      [{ op: 'test', path: '/~01', value: 10 }],
      { '/': 9, '~1': 10 },
    ],
    [
      'A.16 add an array value',
      { foo: ['bar'] },
      [{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }],
      { foo: ['bar', ['abc', 'def']] },
    ],
    // Beyond the appendix.
    [
      'copy',
      { a: { b: 1 } },
      [{ op: 'copy', from: '/a', path: '/c' }],
      { a: { b: 1 }, c: { b: 1 } },
    ],
    [
      'add at the end index',
      { a: [1] },
      [{ op: 'add', path: '/a/1', value: 2 }],
      { a: [1, 2] },
    ],
    [
      'replace the root',
      { a: 1 },
      [{ op: 'replace', path: '', value: { b: 2 } }],
      { b: 2 },
    ],
    [
      'escaped slash in a key',
      { metadata: { labels: { 'app.kubernetes.io/name': 'x' } } },
      [
        {
          op: 'replace',
          path: '/metadata/labels/app.kubernetes.io~1name',
          value: 'y',
        },
      ],
      { metadata: { labels: { 'app.kubernetes.io/name': 'y' } } },
    ],
    [
      'test null equals null',
      { a: null },
      [{ op: 'test', path: '/a', value: null }],
      { a: null },
    ],
    [
      'test compares objects deeply',
      { a: { x: [1, { y: 2 }] } },
      [{ op: 'test', path: '/a', value: { x: [1, { y: 2 }] } }],
      { a: { x: [1, { y: 2 }] } },
    ],
    [
      'operations run in order',
      { a: 1 },
      [
        { op: 'add', path: '/b', value: 2 },
        { op: 'move', from: '/b', path: '/c' },
        { op: 'remove', path: '/a' },
      ],
      { c: 2 },
    ],
  ];

  it.each(rfcCases)('%s', (_name, doc, ops, expected) => {
    expect(applyJsonPatch(doc, ops)).toEqual(expected);
  });

  const failures: Array<[string, any, any, number, RegExp]> = [
    [
      'A.9 test a value: error',
      { baz: 'qux' },
      [{ op: 'test', path: '/baz', value: 'bar' }],
      422,
      /testing value \/baz failed/,
    ],
    [
      'A.12 add to a nonexistent target',
      { foo: 'bar' },
      [{ op: 'add', path: '/baz/bat', value: 'qux' }],
      422,
      /missing path/,
    ],
    [
      'A.15 strings are not numbers',
      { '/': 9, '~1': 10 },
      [{ op: 'test', path: '/~01', value: '10' }],
      422,
      /test failed/,
    ],
    [
      'remove a missing member',
      { a: 1 },
      [{ op: 'remove', path: '/b' }],
      422,
      /missing path/,
    ],
    [
      'replace a missing member',
      { a: 1 },
      [{ op: 'replace', path: '/b', value: 1 }],
      422,
      /missing path/,
    ],
    [
      'remove with the end index',
      { a: [1] },
      [{ op: 'remove', path: '/a/-' }],
      422,
      /invalid array index/,
    ],
    [
      'replace at an index with a leading zero',
      { a: [1, 2] },
      [{ op: 'replace', path: '/a/01', value: 3 }],
      422,
      /missing path/,
    ],
    [
      'add at an index with a leading zero',
      { a: [1, 2] },
      [{ op: 'add', path: '/a/01', value: 3 }],
      422,
      /invalid array index/,
    ],
    [
      'index past the end',
      { a: [1] },
      [{ op: 'add', path: '/a/5', value: 3 }],
      422,
      /out of bounds/,
    ],
    [
      'move into its own child',
      { a: { b: {} } },
      [{ op: 'move', from: '/a', path: '/a/b/c' }],
      422,
      /own child/,
    ],
    [
      'pointer without a leading slash',
      { a: 1 },
      [{ op: 'remove', path: 'a' }],
      422,
      /must start with/,
    ],
    [
      'add without a value',
      { a: 1 },
      [{ op: 'add', path: '/b' }],
      422,
      /missing its value/,
    ],
    [
      'unknown op',
      { a: 1 },
      [{ op: 'frobnicate', path: '/a' }],
      422,
      /Unexpected kind/,
    ],
    [
      'not an array',
      { a: 1 },
      { op: 'add', path: '/a', value: 1 },
      400,
      /array/,
    ],
    ['an operation that is not an object', { a: 1 }, ['add'], 400, /objects/],
  ];

  it.each(failures)('%s', (_name, doc, ops, code, message) => {
    let error: unknown;
    try {
      applyJsonPatch(doc, ops);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PatchError);
    expect((error as PatchError).code).toBe(code);
    expect((error as PatchError).reason).toBe(
      code === 400 ? 'BadRequest' : 'Invalid',
    );
    expect((error as PatchError).message).toMatch(message);
  });

  it('never changes its input, also when an operation fails half way', () => {
    const doc = { a: [1, 2], b: { c: 1 } };
    const before = JSON.parse(JSON.stringify(doc));
    applyJsonPatch(doc, [
      { op: 'add', path: '/a/-', value: 3 },
      { op: 'remove', path: '/b/c' },
    ]);
    expect(() =>
      applyJsonPatch(doc, [
        { op: 'remove', path: '/a/0' },
        { op: 'test', path: '/b/c', value: 2 },
      ]),
    ).toThrow(PatchError);
    expect(doc).toEqual(before);
  });

  it('does not share added values with the patch', () => {
    const value = { deep: { x: 1 } };
    const out = applyJsonPatch({}, [{ op: 'add', path: '/v', value }]);
    out.v.deep.x = 2;
    expect(value.deep.x).toBe(1);
  });
});
