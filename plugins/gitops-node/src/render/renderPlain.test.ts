import { rm } from 'node:fs/promises';
import path from 'node:path';
import { RenderOptions } from './renderManifests';
import { cm, names, Tree, useFixtureRepo } from './renderTestKit';

const { tmp, render, renderError } = useFixtureRepo();

describe('renderManifests — plain directories', () => {
  it('walks recursively in sorted order, expands multi-doc and List, ignores dotfiles and other files', async () => {
    const result = await render({
      'app/b.yaml': `${cm('b1')}---\n${cm('b2')}`,
      'app/a.yml': cm('a'),
      'app/sub/c.json': JSON.stringify({
        apiVersion: 'v1',
        kind: 'List',
        items: [
          { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c1' } },
          { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c2' } },
        ],
      }),
      'app/.hidden.yaml': cm('hidden'),
      'app/.git/config.yaml': cm('git'),
      'app/README.md': '# not a manifest',
      'other/x.yaml': cm('other-app'),
    });
    expect(names(result)).toEqual([
      'app/a.yml#a',
      'app/b.yaml#b1',
      'app/b.yaml#b2',
      'app/sub/c.json#c1',
      'app/sub/c.json#c2',
    ]);
  });

  it('renders a single file path and the repository root', async () => {
    const tree = { 'app/a.yaml': cm('a'), 'root.yaml': cm('r') };
    expect(names(await render(tree, { path: 'app/a.yaml' }))).toEqual([
      'app/a.yaml#a',
    ]);
    expect(names(await render(tree, { path: '.' }))).toEqual([
      'app/a.yaml#a',
      'root.yaml#r',
    ]);
  });

  it('follows symlinks that stay inside the repository', async () => {
    const result = await render({
      'shared/s.yaml': cm('shared'),
      'app/link': { symlink: '../shared' },
    });
    expect(names(result)).toEqual(['app/link/s.yaml#shared']);
  });

  it('gives the same digest when files are reordered and another when content changes', async () => {
    const one = await render({ 'app/a.yaml': cm('a'), 'app/b.yaml': cm('b') });
    await rm(path.join(tmp(), 'repo'), { recursive: true });
    const swapped = await render({
      'app/a.yaml': cm('b'),
      'app/b.yaml': cm('a'),
    });
    await rm(path.join(tmp(), 'repo'), { recursive: true });
    const changed = await render({
      'app/a.yaml': cm('a', { k: 'v' }),
      'app/b.yaml': cm('b'),
    });
    expect(swapped.digest).toBe(one.digest);
    expect(changed.digest).not.toBe(one.digest);
  });

  it.each<[string, Tree, Partial<RenderOptions>, RegExp]>([
    [
      'a ../ escape',
      { 'app/a.yaml': cm('a') },
      { path: '../outside' },
      /points outside the repository/,
    ],
    [
      'an absolute path',
      { 'app/a.yaml': cm('a') },
      { path: '/etc' },
      /must be relative/,
    ],
    [
      'a missing path',
      { 'app/a.yaml': cm('a') },
      { path: 'nope' },
      /nope: not found in the repository/,
    ],
    [
      'a symlinked file escaping the repository',
      { 'app/a.yaml': { symlink: '../../outside/secret.yaml' } },
      {},
      /app\/a\.yaml: symbolic link resolves outside the repository/,
    ],
    [
      'a symlinked directory escaping the repository',
      { 'app/ext': { symlink: '../../outside' } },
      {},
      /app\/ext: symbolic link resolves outside the repository/,
    ],
    [
      'an application path that is an escaping symlink',
      { app: { symlink: '../outside' } },
      {},
      /app: symbolic link resolves outside the repository/,
    ],
    [
      'a non-UTF-8 file',
      {
        'app/ok.yaml': cm('ok'),
        'app/latin1.yaml': Buffer.from([0x6b, 0x3a, 0x20, 0xe9, 0x0a]),
      },
      {},
      /^app\/latin1\.yaml: file is not valid UTF-8 text$/,
    ],
    [
      'an oversized file',
      { 'app/big.yaml': `${cm('big')}data:\n  x: "${'x'.repeat(200)}"\n` },
      { limits: { maxFileBytes: 100 } },
      /^app\/big\.yaml: file is larger than the limit of 100 bytes/,
    ],
    [
      'too many bytes in total',
      { 'app/a.yaml': cm('a'), 'app/b.yaml': cm('b') },
      { limits: { maxTotalBytes: 80 } },
      /^app\/b\.yaml: manifests under app exceed the total size limit of 80 bytes/,
    ],
    [
      'too many objects',
      { 'app/a.yaml': `${cm('a')}---\n${cm('b')}---\n${cm('c')}` },
      { limits: { maxObjects: 2 } },
      /^app\/a\.yaml \(document 3\): the application renders more than 2 objects/,
    ],
    [
      'an alias bomb',
      {
        'app/bomb.yaml':
          'a: &a [x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c]\n',
      },
      { limits: { maxAliasCount: 20 } },
      /^app\/bomb\.yaml \(document 1\): YAML aliases expand too much/,
    ],
    [
      'a parse error in the second document',
      { 'app/bad.yaml': `${cm('a')}---\nmetadata: {name: [\n` },
      {},
      /^app\/bad\.yaml \(document 2\): YAML parse error at line \d+/,
    ],
    [
      'a nested kustomization in plain mode',
      {
        'app/a.yaml': cm('a'),
        'app/base/kustomization.yaml': 'resources: []\n',
      },
      {},
      /^app\/base\/kustomization\.yaml: a Kustomization below the application path/,
    ],
  ])('refuses %s', async (_name, tree, opts, message) => {
    const error = await renderError(tree, opts);
    expect(error.message).toMatch(message);
  });

  it('names the file and document index on the error', async () => {
    const error = await renderError({ 'app/x.yaml': `${cm('a')}---\n42\n` });
    expect(error.file).toBe('app/x.yaml');
    expect(error.documentIndex).toBe(2);
  });
});
