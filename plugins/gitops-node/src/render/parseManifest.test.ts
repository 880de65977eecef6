import * as yaml from 'yaml';
import { RenderError } from './errors';
import { parseManifestText } from './parseManifest';

// the reference parser, watched: which path a file takes is the point of some tests below
jest.mock('yaml', () => {
  const actual = jest.requireActual('yaml');
  return { ...actual, parseAllDocuments: jest.fn(actual.parseAllDocuments) };
});
const careful = jest.mocked(yaml.parseAllDocuments);
beforeEach(() => careful.mockClear());

const parse = (text: string, json = false) =>
  parseManifestText(text, 'apps/web.yaml', { maxAliasCount: 100, json });

const cm = (name: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

describe('parseManifestText', () => {
  it.each([
    ['a single document', cm('a'), [['a', 1]]],
    [
      'multiple documents',
      `${cm('a')}---\n${cm('b')}`,
      [
        ['a', 1],
        ['b', 2],
      ],
    ],
    [
      'empty and comment-only documents, skipped but counted',
      `---\n# nothing\n---\n${cm('a')}---\n---\n${cm('b')}`,
      [
        ['a', 2],
        ['b', 4],
      ],
    ],
    ['an empty file', '', []],
    [
      'a v1 List, expanded to its items',
      `apiVersion: v1\nkind: List\nitems:\n- ${cm('a')
        .trim()
        .replace(/\n/g, '\n  ')}\n- ${cm('b').trim().replace(/\n/g, '\n  ')}\n`,
      [
        ['a', 1],
        ['b', 1],
      ],
    ],
    [
      'a typed *List with items',
      `apiVersion: v1\nkind: ConfigMapList\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: x}}\n`,
      [['x', 1]],
    ],
    [
      'merge keys, as kubectl honours them',
      `base: &b {name: m}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  <<: *b\n`,
      [['m', 1]],
    ],
  ])('parses %s', (_name, text, expected) => {
    const docs = parse(text);
    expect(
      docs.map(d => [
        (d.object.metadata as { name: string }).name,
        d.documentIndex,
      ]),
    ).toEqual(expected);
  });

  it('parses JSON files strictly', () => {
    const docs = parse(
      '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"j"}}',
      true,
    );
    expect(docs).toEqual([
      {
        object: {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'j' },
        },
        documentIndex: 1,
      },
    ]);
  });

  const bomb = [
    'a: &a [x, x, x, x, x, x, x, x, x, x]',
    'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
    'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
    'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
    'e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]',
  ].join('\n');

  it.each([
    [
      'a YAML syntax error, with document and line',
      `${cm('a')}---\napiVersion: v1\nkind: [unclosed\n`,
      /^apps\/web\.yaml \(document 2\): YAML parse error at line \d+: /,
      2,
    ],
    [
      'duplicate keys',
      'kind: A\nkind: B\n',
      /document 1\): YAML parse error at line 2: .*unique/i,
      1,
    ],
    [
      'a scalar document',
      `${cm('a')}---\njust text\n`,
      /document 2\): document is a string, expected a Kubernetes object/,
      2,
    ],
    ['a list document', '- a\n- b\n', /document 1\): document is a list/, 1],
    [
      'a List with a scalar item',
      'kind: List\nitems: [3]\n',
      /item 1 of the List is a number/,
      1,
    ],
    [
      'more alias uses than the limit',
      `${cm('a')}data:\n  x: &v hello\n${Array.from(
        { length: 101 },
        (_, i) => `  y${i}: *v\n`,
      ).join('')}`,
      /document 1\): YAML aliases expand too much \(more than 100/,
      1,
    ],
    [
      'an alias bomb',
      `${bomb}\n`,
      /document 1\): YAML aliases expand too much \(more than 100/,
      1,
    ],
    ['invalid JSON', '{"a": ', /^apps\/web\.yaml: JSON parse error/, undefined],
  ])('refuses %s', (_name, text, message, documentIndex) => {
    let error: unknown;
    try {
      parse(text, _name === 'invalid JSON');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RenderError);
    expect((error as RenderError).message).toMatch(message);
    expect((error as RenderError).file).toBe('apps/web.yaml');
    expect((error as RenderError).documentIndex).toBe(documentIndex);
  });

  it('accepts a small number of aliases', () => {
    const docs = parse(`${cm('a')}data:\n  x: &v hello\n  y: *v\n`);
    expect(docs[0].object.data).toEqual({ x: 'hello', y: 'hello' });
  });
});

const data = (body: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n${body}`;

describe('parseManifestText reads plain YAML as the reference parser does', () => {
  // Plain YAML takes a faster parser; these are the value forms where YAML parsers are known
  // to disagree. Each must come out exactly as the `yaml` package reads it.
  it.each([
    [
      'integers, floats and their edge forms',
      data(
        'spec:\n  a: 010\n  b: 0x1F\n  c: 0o17\n  d: 1e3\n  e: .inf\n  f: -.Inf\n  g: 12345678901234567890\n  h: +12\n',
      ),
    ],
    [
      'booleans and nulls of YAML 1.2 (yes/no/on stay strings)',
      data(
        'spec:\n  a: true\n  b: False\n  c: yes\n  d: no\n  e: on\n  f: ~\n  g: null\n  h:\n  i: Null\n',
      ),
    ],
    [
      'dates and times stay strings',
      data(
        'spec:\n  a: 2024-01-01\n  b: 2024-01-01T10:00:00Z\n  c: 12:30:45\n',
      ),
    ],
    [
      'quoted, escaped and unicode strings',
      data(
        'data:\n  a: "tab\\there \\u00e9"\n  b: \'it\'\'s\'\n  c: "  spaced  "\n  d: ünïcødé ✓\n',
      ),
    ],
    [
      'block scalars with every chomping indicator',
      data(
        'data:\n  a: |\n    one\n    two\n\n  b: >-\n    folded\n    text\n  c: |+\n    kept\n\n',
      ),
    ],
    [
      'flow collections and empty ones',
      data('spec:\n  a: [1, "two", {three: 3}]\n  b: {}\n  c: []\n'),
    ],
    [
      'keys that look like other types',
      data('data:\n  1: one\n  true: yes\n  "3.0": three\n'),
    ],
    [
      'several documents with comments between them',
      `${data('data:\n  a: b # trailing\n')}---\n# comment only\n---\n${data(
        'data:\n  c: d\n',
      )}...\n`,
    ],
  ])('%s', (_name, text) => {
    const reference = yaml
      .parseAllDocuments(text)
      .map(doc => doc.toJS())
      .filter(value => value !== null && value !== undefined);
    expect(parse(text).map(d => d.object)).toEqual(reference);
  });

  const deployment = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    'spec:',
    '  selector:',
    '    matchLabels: &labels',
    '      app: web',
    '  template:',
    '    metadata:',
    '      labels: *labels',
    '    spec:',
    '      containers: [{name: app, image: "web:1", args: [&flag "--v=2", *flag]}]',
    '',
  ].join('\n');
  it.each([
    ['anchors and aliases of scalars', data('data:\n  a: &x value\n  b: *x\n')],
    [
      'an anchored mapping used again (as a YAML writer emits shared labels)',
      deployment,
    ],
    [
      'text that only looks like an anchor',
      data('data:\n  run.sh: make && make test\n  glob: "*.txt"\n'),
    ],
  ])('%s, on the fast path', (_name, text) => {
    const values = parse(text).map(d => d.object);
    expect(careful).not.toHaveBeenCalled();
    const reference = yaml
      .parseAllDocuments(text, { merge: true })
      .map(doc => doc.toJS());
    expect(values).toEqual(reference);
  });

  it.each([
    // 6 × 6 × 6 leaves from three short lines: more nodes than the file has characters
    [
      'aliases that expand beyond the file',
      data(
        'a: &a [x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b]\n',
      ),
    ],
    ['merge keys', 'base: &b {x: 1}\nobj:\n  <<: *b\n  y: 2\n'],
    ['tags', data('data:\n  a: !!str 10\n')],
    ['null keys', data('data:\n  null: nothing\n  other: 1\n')],
  ])('and gives %s the reference parser itself', (_name, text) => {
    const values = parse(text).map(d => d.object);
    expect(careful).toHaveBeenCalled();
    const reference = yaml
      .parseAllDocuments(text, { merge: true })
      .map(doc => doc.toJS());
    expect(values).toEqual(reference);
  });
});
