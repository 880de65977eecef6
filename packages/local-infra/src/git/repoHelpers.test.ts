import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runGitText } from './gitCli';
import { LocalGitServer, startLocalGitServer } from './index';

describe('repository helpers', () => {
  let server: LocalGitServer;
  let rootDir: string;
  const gitIn = (repo: string, args: string[]) =>
    runGitText(args, { gitDir: join(rootDir, `${repo}.git`) });

  beforeAll(async () => {
    rootDir = await mkdtemp(join(tmpdir(), 'git-helpers-test-'));
    server = await startLocalGitServer({ rootDir });
  });
  afterAll(async () => {
    await server.stop();
    await rm(rootDir, { recursive: true, force: true });
  });

  it('createRepo makes an empty bare repository whose HEAD is main', async () => {
    await server.createRepo('team/empty');
    expect(
      await gitIn('team/empty', ['rev-parse', '--is-bare-repository']),
    ).toBe('true');
    expect(await gitIn('team/empty', ['symbolic-ref', 'HEAD'])).toBe(
      'refs/heads/main',
    );
    await expect(server.headSha('team/empty')).rejects.toThrow(/no commit/);
    expect(await server.log('team/empty')).toEqual([]);
    await server.createRepo('team/empty'); // idempotent
  });

  it('seedRepo commits the files and reports the commit', async () => {
    const sha = await server.seedRepo(
      'team/app-config',
      {
        'README.md': '# hi\n',
        'deploy/app.yaml': 'kind: App\n',
        'bin.dat': Buffer.from([0, 1, 2]),
      },
      {
        message: 'Initial import',
        author: { name: 'Ada', email: 'ada@example.com' },
      },
    );
    expect(sha).toMatch(/^[0-9a-f]{40}$/);
    expect(await server.headSha('team/app-config')).toBe(sha);
    expect(await server.headSha('team/app-config', 'main')).toBe(sha);
    expect(await server.readFile('team/app-config', 'deploy/app.yaml')).toBe(
      'kind: App\n',
    );
    expect(
      await server.readFile('team/app-config', 'missing.txt'),
    ).toBeUndefined();
    expect(await server.readFile('team/app-config', 'deploy')).toBeUndefined();
    expect(await server.log('team/app-config')).toEqual([
      { sha, message: 'Initial import', author: 'Ada <ada@example.com>' },
    ]);
    const blob = await gitIn('team/app-config', [
      'cat-file',
      '-s',
      'HEAD:bin.dat',
    ]);
    expect(blob).toBe('3');
  });

  it('seeding again replaces the whole tree on top of the previous commit', async () => {
    const first = await server.seedRepo('reseed', {
      'a.txt': 'a',
      'b.txt': 'b',
    });
    const second = await server.seedRepo(
      'reseed',
      { 'c.txt': 'c' },
      { message: 'Again' },
    );
    expect(await server.readFile('reseed', 'a.txt')).toBeUndefined();
    expect(await server.readFile('reseed', 'c.txt')).toBe('c');
    expect(await server.readFile('reseed', 'a.txt', first)).toBe('a');
    expect((await server.log('reseed')).map(e => e.sha)).toEqual([
      second,
      first,
    ]);
  });

  it('seedRepo imports a folder, honouring its .gitignore', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'git-helpers-src-'));
    try {
      await mkdir(join(dir, 'nested'));
      await writeFile(join(dir, 'nested', 'x.yaml'), 'x: 1\n');
      await writeFile(join(dir, '.gitignore'), 'ignored.log\n');
      await writeFile(join(dir, 'ignored.log'), 'noise');
      await server.seedRepo(
        'from-dir',
        { fromDir: dir },
        { branch: 'release' },
      );
      expect(
        await server.readFile('from-dir', 'nested/x.yaml', 'release'),
      ).toBe('x: 1\n');
      expect(
        await server.readFile('from-dir', 'ignored.log', 'release'),
      ).toBeUndefined();
      // The import must not leave a work tree or index behind in the source folder.
      await expect(stat(join(dir, '.git'))).rejects.toThrow();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('commit writes and removes files on top of the branch', async () => {
    const base = await server.seedRepo('edits', {
      'keep.txt': 'k',
      'drop.txt': 'd',
      'dir/x': 'x',
    });
    const next = await server.commit(
      'edits',
      {
        write: { 'keep.txt': 'k2', 'new/file.txt': 'n' },
        remove: ['drop.txt', 'dir'],
      },
      { message: 'Edit', date: new Date('2025-02-03T04:05:06Z') },
    );
    expect(await server.readFile('edits', 'keep.txt')).toBe('k2');
    expect(await server.readFile('edits', 'new/file.txt')).toBe('n');
    expect(await server.readFile('edits', 'drop.txt')).toBeUndefined();
    expect(await server.readFile('edits', 'dir/x')).toBeUndefined();
    expect(await server.readFile('edits', 'keep.txt', base)).toBe('k');
    expect(await gitIn('edits', ['rev-parse', `${next}^`])).toBe(base);
    expect(await gitIn('edits', ['show', '-s', '--format=%ct %cn', next])).toBe(
      `${Date.UTC(2025, 1, 3, 4, 5, 6) / 1000} Local Git`,
    );
  });

  it('commit to a new branch starts from HEAD and leaves main alone', async () => {
    const main = await server.seedRepo('branches', { 'a.txt': 'a' });
    const feature = await server.commit(
      'branches',
      { write: { 'b.txt': 'b' } },
      { branch: 'feature/x' },
    );
    expect(await server.headSha('branches', 'feature/x')).toBe(feature);
    expect(await server.headSha('branches')).toBe(main);
    expect(await server.readFile('branches', 'a.txt', 'feature/x')).toBe('a');
    expect(
      (await server.log('branches', 'feature/x')).map(e => e.message),
    ).toEqual(['Update files', 'Seed repository']);
  });

  it('concurrent commits are serialised instead of losing one', async () => {
    await server.seedRepo('busy', { 'n.txt': '0' });
    await Promise.all(
      [1, 2, 3, 4].map(i =>
        server.commit('busy', { write: { [`f${i}.txt`]: String(i) } }),
      ),
    );
    expect(await server.log('busy')).toHaveLength(5);
    for (const i of [1, 2, 3, 4]) {
      expect(await server.readFile('busy', `f${i}.txt`)).toBe(String(i));
    }
  });

  it('produces the same commit for the same input (deterministic identity and dates)', async () => {
    const other = await startLocalGitServer();
    try {
      const files = { 'x.txt': 'same' };
      expect(await other.seedRepo('det', files)).toBe(
        await server.seedRepo('det', files),
      );
    } finally {
      await other.stop();
    }
  });

  it('keeps working while the HTTP side is down', async () => {
    server.faults.set('down');
    try {
      const sha = await server.seedRepo('offline', { 'a.txt': 'a' });
      expect(await server.headSha('offline')).toBe(sha);
    } finally {
      server.faults.set('none');
    }
  });

  it.each([['../escape'], ['/abs'], ['a/../../b']])(
    'refuses the repository name %s',
    async name => {
      await expect(server.createRepo(name)).rejects.toThrow();
      await expect(server.seedRepo(name, { 'a.txt': 'a' })).rejects.toThrow();
      expect(() => server.repoUrl(name)).toThrow();
    },
  );

  it.each([['../outside.txt'], ['/abs.txt'], ['.git/config']])(
    'refuses the file path %s',
    async path => {
      await expect(server.seedRepo('paths', { [path]: 'x' })).rejects.toThrow();
      await expect(
        server.commit('paths', { write: { [path]: 'x' } }),
      ).rejects.toThrow();
    },
  );

  it('builds repository URLs from names', () => {
    expect(server.repoUrl('team/app-config')).toBe(
      `${server.url}/team/app-config.git`,
    );
    expect(server.repoUrl('team/app-config.git')).toBe(
      `${server.url}/team/app-config.git`,
    );
    expect(server.repoUrl('with space')).toBe(`${server.url}/with%20space.git`);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});
