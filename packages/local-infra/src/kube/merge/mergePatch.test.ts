import { applyMergePatch } from './mergePatch';

describe('applyMergePatch', () => {
  // RFC 7386 Appendix A.
  const rfcTable: Array<[any, any, any]> = [
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [
      ['a', 'b'],
      ['c', 'd'],
      ['c', 'd'],
    ],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ];

  it.each(rfcTable)(
    '%j patched with %j gives %j',
    (target, patch, expected) => {
      expect(applyMergePatch(target, patch)).toEqual(expected);
    },
  );

  it('leaves its inputs alone and shares nothing with them', () => {
    const doc = { metadata: { labels: { a: '1' } }, spec: { x: { y: 1 } } };
    const patch = { metadata: { labels: { b: '2' } }, data: { z: { w: 1 } } };
    const out = applyMergePatch(doc, patch);
    expect(doc).toEqual({
      metadata: { labels: { a: '1' } },
      spec: { x: { y: 1 } },
    });
    out.spec.x.y = 9;
    out.data.z.w = 9;
    expect(doc.spec.x.y).toBe(1);
    expect(patch.data.z.w).toBe(1);
  });
});
