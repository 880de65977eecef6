import { RenderError } from './errors';
import { parseManifestText } from './parseManifest';

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
