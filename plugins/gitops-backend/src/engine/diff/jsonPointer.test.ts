import { parsePointer, removeAtPointer } from './jsonPointer';

describe('parsePointer', () => {
  it.each([
    ['', []],
    ['/spec/replicas', ['spec', 'replicas']],
    [
      '/metadata/annotations/app.kubernetes.io~1name',
      ['metadata', 'annotations', 'app.kubernetes.io/name'],
    ],
    ['/a~0b', ['a~b']],
    ['/~01', ['~1']],
    ['/', ['']],
  ])('%j → %j', (pointer, tokens) => {
    expect(parsePointer(pointer)).toEqual(tokens);
  });

  it.each(['spec/replicas', '/a~2', '/a~'])('refuses %j', pointer => {
    expect(() => parsePointer(pointer)).toThrow(/invalid JSON pointer/);
  });
});

describe('removeAtPointer', () => {
  const doc = () => ({
    spec: { replicas: 3, containers: [{ name: 'a' }, { name: 'b' }] },
    metadata: { annotations: { 'x/y': '1', keep: '2' } },
  });

  it.each([
    [
      '/spec/replicas',
      {
        spec: { containers: [{ name: 'a' }, { name: 'b' }] },
        metadata: doc().metadata,
      },
    ],
    [
      '/spec/containers/0',
      {
        spec: { replicas: 3, containers: [{ name: 'b' }] },
        metadata: doc().metadata,
      },
    ],
    [
      '/spec/containers/1/name',
      {
        spec: { replicas: 3, containers: [{ name: 'a' }, {}] },
        metadata: doc().metadata,
      },
    ],
    [
      '/metadata/annotations/x~1y',
      { spec: doc().spec, metadata: { annotations: { keep: '2' } } },
    ],
    ['/spec/missing/deep', doc()],
    ['/spec/containers/9', doc()],
    ['/spec/containers/-', doc()],
    ['/spec/replicas/x', doc()],
  ])('%s', (pointer, expected) => {
    const d = doc();
    removeAtPointer(d, pointer);
    expect(d).toEqual(expected);
  });

  it('refuses to remove the whole document', () => {
    expect(() => removeAtPointer(doc(), '')).toThrow(/whole object/);
  });
});
