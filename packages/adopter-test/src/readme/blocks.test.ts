import { readMarkedBlocks, requireBlock, shellCommands } from './blocks';

describe('readMarkedBlocks', () => {
  it('reads each marked block with its step, attributes, language and line', () => {
    const markdown = [
      '# Title',
      '<!-- adopter-test: backend-wiring file=packages/backend/src/index.ts before="backend.start();" -->',
      '',
      '```ts',
      "backend.add(import('x'));",
      '```',
      '',
      '<!-- adopter-test: legacy-sidebar legacy after=\'text="Create..."\' -->',
      '<!-- prettier-ignore -->',
      '```tsx',
      '<A />',
      '',
      '<B />',
      '```',
      '```sh',
      'unmarked',
      '```',
    ].join('\n');
    expect(readMarkedBlocks(markdown)).toEqual([
      {
        step: 'backend-wiring',
        attributes: {
          file: 'packages/backend/src/index.ts',
          before: 'backend.start();',
        },
        language: 'ts',
        code: "backend.add(import('x'));",
        line: 2,
      },
      {
        step: 'legacy-sidebar',
        attributes: { legacy: '', after: 'text="Create..."' },
        language: 'tsx',
        code: '<A />\n\n<B />',
        line: 8,
      },
    ]);
  });

  it.each([
    {
      what: 'a marker without a block',
      markdown: '<!-- adopter-test: install -->\n\nSome prose.\n',
      message:
        "README line 1: the marker 'adopter-test: install' is not followed by a code block",
    },
    {
      what: 'a block that is not closed',
      markdown: '<!-- adopter-test: install -->\n```sh\nyarn add x\n',
      message: "README line 2: the code block of step 'install' is not closed",
    },
  ])('refuses $what', ({ markdown, message }) => {
    expect(() => readMarkedBlocks(markdown)).toThrow(message);
  });
});

describe('requireBlock', () => {
  const blocks = readMarkedBlocks(
    '<!-- adopter-test: a -->\n```sh\none\n```\n<!-- adopter-test: b -->\n```sh\ntwo\n```\n<!-- adopter-test: b -->\n```sh\nthree\n```\n',
  );

  it('returns the one block of a step', () => {
    expect(requireBlock(blocks, 'a').code).toBe('one');
  });

  it('names the marker the README lacks', () => {
    expect(() => requireBlock(blocks, 'install')).toThrow(
      'the README has no code block marked <!-- adopter-test: install -->',
    );
  });

  it('refuses a step marked twice', () => {
    expect(() => requireBlock(blocks, 'b')).toThrow(
      /marks 2 code blocks as step 'b' \(lines 5, 9\)/,
    );
  });
});

describe('shellCommands', () => {
  it('drops comments and joins continued lines', () => {
    const [block] = readMarkedBlocks(
      '<!-- adopter-test: s -->\n```sh\n# a comment\nyarn --cwd packages/backend add \\\n  a b\n\nyarn --cwd packages/app add c # trailing\n```\n',
    );
    expect(shellCommands(block)).toEqual([
      'yarn --cwd packages/backend add a b',
      'yarn --cwd packages/app add c # trailing',
    ]);
  });
});
