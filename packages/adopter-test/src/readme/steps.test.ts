import fs from 'node:fs';
import path from 'node:path';
import { publishedPackages } from '../workspace';
import { readMarkedBlocks } from './blocks';
import { divergentCopies, missingFromSteps } from './steps';

// the repository's own README and plugins: the self-check of the adopter test's first step
const REPO_ROOT = path.resolve(__dirname, '../../../..');
const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
const published = publishedPackages(REPO_ROOT);

describe("the README's install steps", () => {
  it('name every published package', () => {
    expect(published.map(p => p.name).sort()).toEqual([
      '@backstage-gitops/plugin-gitops',
      '@backstage-gitops/plugin-gitops-backend',
      '@backstage-gitops/plugin-gitops-common',
      '@backstage-gitops/plugin-gitops-node',
      '@backstage-gitops/plugin-scaffolder-backend-module-gitops',
    ]);
    expect(missingFromSteps(readMarkedBlocks(readme), published)).toEqual([]);
  });

  it.each([
    {
      what: 'a backend wiring line removed',
      broken: readme.replace(
        "backend.add(import('@backstage-gitops/plugin-gitops-backend'));\n",
        '',
      ),
      gap: 'the backend-wiring step does not add @backstage-gitops/plugin-gitops-backend to the backend',
    },
    {
      what: 'the frontend plugin left out of the install lines',
      broken: readme.replace(
        'yarn --cwd packages/app add @backstage-gitops/plugin-gitops@^0.1.0',
        'yarn --cwd packages/app add',
      ),
      gap: 'the install step does not add @backstage-gitops/plugin-gitops to packages/app',
    },
    {
      what: 'a tarball resolution removed',
      broken: readme.replace(
        / {4}"@backstage-gitops\/plugin-gitops-node": .*\n/,
        '',
      ),
      gap: 'the tarball-resolutions step does not point @backstage-gitops/plugin-gitops-node at its tarball',
    },
    {
      what: 'a marker removed',
      broken: readme.replace('<!-- adopter-test: cluster-access -->', ''),
      gap: 'the README has no code block marked <!-- adopter-test: cluster-access -->',
    },
  ])(
    'fail with a clear message when broken on purpose: $what',
    ({ broken, gap }) => {
      expect(broken).not.toBe(readme);
      expect(missingFromSteps(readMarkedBlocks(broken), published)).toContain(
        gap,
      );
    },
  );

  it("are repeated word for word in the plugins' READMEs", () => {
    const root = readMarkedBlocks(readme);
    const copies = published.map(({ dir }) => {
      const file = path.join(dir, 'README.md');
      return {
        file: path.relative(REPO_ROOT, file),
        blocks: readMarkedBlocks(fs.readFileSync(file, 'utf8')),
      };
    });
    expect(divergentCopies(root, copies)).toEqual([]);
    expect(copies.flatMap(copy => copy.blocks).length).toBeGreaterThan(0);
  });

  it('tells where a plugin README drifted', () => {
    const root = readMarkedBlocks(
      '<!-- adopter-test: install -->\n```sh\nyarn add a\n```\n',
    );
    const copy = readMarkedBlocks(
      'text\n<!-- adopter-test: install -->\n```sh\nyarn add b\n```\n<!-- adopter-test: other -->\n```sh\nx\n```\n',
    );
    expect(
      divergentCopies(root, [{ file: 'plugins/x/README.md', blocks: copy }]),
    ).toEqual([
      "plugins/x/README.md line 2: step 'install' differs from the README's (line 1)",
      "plugins/x/README.md line 6 marks step 'other', which the README does not have",
    ]);
  });
});
