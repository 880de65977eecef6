import { createMockDirectory } from '@backstage/backend-test-utils';
import fs from 'node:fs';
import {
  collectExtraFiles,
  extraFileProblem,
  withExtraFiles,
} from './extraFiles';

describe('extraFileProblem', () => {
  it.each([
    ['catalog-info.yaml', undefined],
    ['docs/index.md', undefined],
    ['overlays/dev/configmap.yaml', undefined],
    ['', /non-empty/],
    ['/etc/passwd', /relative to the repository root/],
    ['C:/x', /relative to the repository root/],
    ['../outside', /stay inside the repository/],
    ['docs/../../outside', /stay inside the repository/],
    ['docs\\x', /forward slashes/],
    ['./x', /normalized/],
    ['docs//x', /normalized/],
    ['docs/', /normalized/],
    ['.git/config', /inside .git/],
    ['sub/.GIT/hooks/pre-commit', /inside .git/],
  ])('%p', (file, expected) => {
    expect(extraFileProblem(file) ?? 'allowed').toMatch(
      expected ?? /^allowed$/,
    );
  });
});

describe('withExtraFiles', () => {
  const generated = { 'gitops.yaml': 'g', 'base/deployment.yaml': 'd' };

  it('adds extra files after the generated ones', () => {
    expect(withExtraFiles(generated, { 'catalog-info.yaml': 'c' })).toEqual({
      ...generated,
      'catalog-info.yaml': 'c',
    });
    expect(withExtraFiles(generated, undefined)).toEqual(generated);
  });

  it.each([
    [
      { 'gitops.yaml': 'x' },
      /extraFiles\['gitops.yaml'\] would replace a generated file/,
    ],
    [{ base: 'x' }, /extraFiles\['base'\] is also a folder of another file/],
    [{ 'gitops.yaml/x': 'x' }, /lies below a generated file/],
    [{ a: 'x', 'a/b': 'y' }, /extraFiles\['a'\] is also a folder/],
    [
      { '../x': 'x', '/y': 'y' },
      /'\.\.\/x'\] must stay inside the repository.*'\/y'\] must be relative/,
    ],
  ])('refuses %p', (extra, message) => {
    expect(() => withExtraFiles(generated, extra)).toThrow(message);
  });
});

describe('collectExtraFiles', () => {
  const workspace = createMockDirectory();
  beforeEach(() => {
    workspace.setContent({
      'catalog-info.yaml': 'kind: Component\n',
      docs: { 'index.md': '# Docs\n' },
    });
    fs.symlinkSync('/etc/hostname', workspace.resolve('link.yaml'));
  });

  it('reads workspace files and adds the inline ones', async () => {
    await expect(
      collectExtraFiles(workspace.path, {
        workspaceFiles: ['catalog-info.yaml', 'docs/index.md'],
        extraFiles: { 'a.txt': 'a' },
      }),
    ).resolves.toEqual({
      'catalog-info.yaml': 'kind: Component\n',
      'docs/index.md': '# Docs\n',
      'a.txt': 'a',
    });
  });

  it.each([
    [
      ['missing.yaml'],
      /workspaceFiles\['missing.yaml'\] does not exist in the workspace/,
    ],
    [['docs'], /workspaceFiles\['docs'\] is not a file/],
    [['../outside'], /must stay inside the repository/],
    [['link.yaml'], /workspaceFiles\['link.yaml'\] .*outside/i],
    [['a.txt'], /workspaceFiles\['a.txt'\] is also given in extraFiles/],
  ])('refuses %p', async (workspaceFiles, message) => {
    await expect(
      collectExtraFiles(workspace.path, {
        workspaceFiles,
        extraFiles: { 'a.txt': 'a' },
      }),
    ).rejects.toThrow(message);
  });
});
