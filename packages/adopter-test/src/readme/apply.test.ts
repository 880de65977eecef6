import { applyBlock, splitImports } from './apply';
import { ReadmeBlock } from './blocks';

const block = (
  attributes: Record<string, string>,
  code: string,
  language = 'tsx',
): ReadmeBlock => ({ step: 'a-step', attributes, language, code, line: 7 });

const backendIndex = `import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

backend.start();
`;

const entityPage = `import { Grid } from '@material-ui/core';
import {
  EntityLayout,
  EntitySwitch,
} from '@backstage/plugin-catalog';

const overviewContent = (
  <Grid container spacing={3}>
    <Grid item md={6}>
      <EntityAboutCard />
    </Grid>
  </Grid>
);

const serviceEntityPage = (
  <EntityLayout>
    <EntityLayout.Route path="/" title="Overview">
      {overviewContent}
    </EntityLayout.Route>
  </EntityLayout>
);
`;

describe('applyBlock', () => {
  it.each([
    {
      what: 'inserts before the anchor line, at its indentation',
      current: backendIndex,
      block: block(
        { before: 'backend.start();' },
        `// packages/backend/src/index.ts\nbackend.add(import('@backstage-gitops/plugin-gitops-backend'));`,
        'ts',
      ),
      expected: backendIndex.replace(
        'backend.start();',
        "backend.add(import('@backstage-gitops/plugin-gitops-backend'));\nbackend.start();",
      ),
    },
    {
      what: 'inserts after the anchor line',
      current: 'a\n  b\nc\n',
      block: block({ after: 'b' }, 'x\n  y'),
      expected: 'a\n  b\n  x\n    y\nc\n',
    },
    {
      what: 'adds imports after the last import and JSX as the last child of a const',
      current: entityPage,
      block: block(
        { into: 'overviewContent' },
        `import { EntityGitOpsCard } from '@backstage-gitops/plugin-gitops';\n\n// in overviewContent\n<Grid item md={6}>\n  <EntityGitOpsCard />\n</Grid>`,
      ),
      expected: entityPage
        .replace(
          "} from '@backstage/plugin-catalog';",
          "} from '@backstage/plugin-catalog';\nimport { EntityGitOpsCard } from '@backstage-gitops/plugin-gitops';",
        )
        .replace(
          '      <EntityAboutCard />\n    </Grid>\n  </Grid>',
          '      <EntityAboutCard />\n    </Grid>\n    <Grid item md={6}>\n      <EntityGitOpsCard />\n    </Grid>\n  </Grid>',
        ),
    },
    {
      what: 'adds to every const named, and an import already there once',
      current: `import { X } from 'x';\nconst a = (\n  <A>\n  </A>\n);\nconst b = (\n  <B>\n  </B>\n);\n`,
      block: block({ into: 'a,b' }, `import { X } from 'x';\n<X />`),
      expected: `import { X } from 'x';\nconst a = (\n  <A>\n    <X />\n  </A>\n);\nconst b = (\n  <B>\n    <X />\n  </B>\n);\n`,
    },
    {
      what: 'replaces the whole file',
      current: 'old\n',
      block: block({ replace: '' }, 'new'),
      expected: 'new\n',
    },
    {
      what: 'merges YAML maps and replaces lists and scalars (an empty value with its comment too), keeping other comments',
      current: `# portal\nbackend:\n  baseUrl: http://localhost:7007 # here\nkubernetes:\n  # see the docs\nintegrations:\n  github:\n    - host: github.com\n`,
      block: block(
        { merge: '' },
        `kubernetes:\n  serviceLocatorMethod:\n    type: multiTenant\nintegrations:\n  github:\n    - host: ghe.example.com\ngitops:\n  kubectlPath: /usr/local/bin/kubectl\n`,
        'yaml',
      ),
      expected: `# portal\nbackend:\n  baseUrl: http://localhost:7007 # here\nkubernetes:\n  serviceLocatorMethod:\n    type: multiTenant\nintegrations:\n  github:\n    - host: ghe.example.com\ngitops:\n  kubectlPath: /usr/local/bin/kubectl\n`,
    },
    {
      what: 'merges JSON objects',
      current:
        '{\n  "name": "root",\n  "resolutions": { "@types/react": "^18" }\n}\n',
      block: block(
        { merge: '' },
        '{ "resolutions": { "a": "file:./a.tgz" } }',
        'json',
      ),
      expected: `${JSON.stringify(
        {
          name: 'root',
          resolutions: { '@types/react': '^18', a: 'file:./a.tgz' },
        },
        null,
        2,
      )}\n`,
    },
  ])('$what', ({ current, block: readmeBlock, expected }) => {
    expect(applyBlock(readmeBlock, current)).toBe(expected);
  });

  it.each<{
    what: string;
    attributes: Record<string, string>;
    current: string;
    message: RegExp;
  }>([
    {
      what: 'an anchor the file lacks',
      attributes: { before: 'backend.start();' },
      current: 'const backend = createBackend();\n',
      message:
        /step 'a-step' \(README line 7\): the file has no line containing 'backend.start\(\);'/,
    },
    {
      what: 'a const the file does not declare',
      attributes: { into: 'serviceEntityPage' },
      current: 'const other = (\n  <A />\n);\n',
      message: /declares no 'const serviceEntityPage = \('/,
    },
    {
      what: 'a marker that says nothing about where',
      attributes: {},
      current: '',
      message: /neither replace, merge, before=, after= nor into=/,
    },
  ])('refuses $what', ({ attributes, current, message }) => {
    expect(() => applyBlock(block(attributes, '<X />'), current)).toThrow(
      message,
    );
  });

  it('refuses JSX that a formatter ended with a semicolon', () => {
    expect(() =>
      applyBlock(
        block({ into: 'a' }, '<X />;'),
        'const a = (\n  <A>\n  </A>\n);\n',
      ),
    ).toThrow(/ends with ';'/);
  });
});

describe('splitImports', () => {
  it('separates multi-line imports from the code, without comment lines', () => {
    expect(
      splitImports(
        `import {\n  A,\n  B,\n} from 'ab';\nimport C from 'c';\n\n// where it goes\n<A>\n  <B />\n</A>\n`,
      ),
    ).toEqual({
      imports: [`import {\n  A,\n  B,\n} from 'ab';`, `import C from 'c';`],
      body: ['<A>', '  <B />', '</A>'],
    });
  });

  it('does not take a dynamic import for an import statement', () => {
    expect(splitImports(`backend.add(import('x'));`)).toEqual({
      imports: [],
      body: [`backend.add(import('x'));`],
    });
  });
});
