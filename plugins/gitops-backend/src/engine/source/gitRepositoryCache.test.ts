/* eslint-disable @backstage/no-undeclared-imports -- the test kit is a dev dependency */
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { LocalGitServer, startLocalGitServer } from '@internal/local-infra';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { GitRepositoryCache } from './gitRepositoryCache';

const AUTH = { username: 'gitops', password: 'test-password' };
const REPO = 'team/config';

/** 300 files of 2 KiB of digits each, which compress poorly: a full tree is far bigger than one change. */
function manyFiles(tag: string) {
  const files: Record<string, string> = {};
  for (let i = 0; i < 300; i++) {
    const digits = Array.from({ length: 256 }, (_, j) =>
      createHash('sha256').update(`${i}:${j}`).digest('hex').slice(0, 8),
    ).join('');
    files[`dir${i % 10}/file${i}.yaml`] = `# ${tag} ${i}\ndata: "${digits}"\n`;
  }
  return files;
}

jest.setTimeout(60_000);

describe('GitRepositoryCache', () => {
  let server: LocalGitServer;
  let cacheDir: string;
  let cache: GitRepositoryCache;

  beforeAll(async () => {
    server = await startLocalGitServer({ auth: AUTH });
  });
  afterAll(() => server.stop());

  beforeEach(async () => {
    await fs.promises.rm(path.join(server.rootDir, `${REPO}.git`), {
      recursive: true,
      force: true,
    });
    await server.seedRepo(REPO, manyFiles('v1'));
    cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'git-cache-test-'));
    const integrations = ScmIntegrations.fromConfig(
      new ConfigReader({
        integrations: {
          gitea: [
            { host: new URL(server.url).host, baseUrl: server.url, ...AUTH },
          ],
        },
      }),
    );
    cache = new GitRepositoryCache({ cacheDir, integrations });
  });
  afterEach(() => fs.promises.rm(cacheDir, { recursive: true, force: true }));

  const url = () => server.repoUrl(REPO);
  const sync = async () =>
    cache.checkout(url(), 'main', await cache.resolveRevision(url(), 'main'));

  it('fetches one new commit as a small pack and links the unchanged files of the previous tree', async () => {
    const first = await sync();
    const initialBytes = cache.metrics.bytesReceived;
    await server.commit(REPO, {
      write: { 'dir3/file3.yaml': 'changed: true\n' },
    });

    const before = cache.metrics.bytesReceived;
    const second = await sync();
    const incrementalBytes = cache.metrics.bytesReceived - before;

    expect(second.revision).not.toBe(first.revision);
    expect(
      fs.readFileSync(path.join(second.dir, 'dir3/file3.yaml'), 'utf8'),
    ).toBe('changed: true\n');
    // the whole tree is ~600 KiB of poorly compressing text; one changed file plus refs is a few KiB
    expect(initialBytes).toBeGreaterThan(300_000);
    expect(incrementalBytes).toBeLessThan(initialBytes / 10);
    const inode = (dir: string, file: string) =>
      fs.statSync(path.join(dir, file)).ino;
    expect(inode(second.dir, 'dir4/file4.yaml')).toBe(
      inode(first.dir, 'dir4/file4.yaml'),
    );
    expect(inode(second.dir, 'dir3/file3.yaml')).not.toBe(
      inode(first.dir, 'dir3/file3.yaml'),
    );
    // the earlier tree is untouched
    expect(
      fs.readFileSync(path.join(first.dir, 'dir3/file3.yaml'), 'utf8'),
    ).toContain('# v1 3');
  });

  it('follows a branch that was rewritten to a commit that does not descend from the cached one', async () => {
    const first = await sync();
    const run = promisify(execFile);
    const gitdir = path.join(server.rootDir, `${REPO}.git`);
    // rewrite history: a root commit with other content replaces the branch (a force push)
    const { stdout: tree } = await run('git', [
      '--git-dir',
      gitdir,
      'hash-object',
      '-t',
      'tree',
      '-w',
      '/dev/null',
    ]);
    const { stdout: orphan } = await run('git', [
      '--git-dir',
      gitdir,
      '-c',
      'user.name=t',
      '-c',
      'user.email=t@example.invalid',
      'commit-tree',
      tree.trim(),
      '-m',
      'rewritten',
    ]);
    await run('git', [
      '--git-dir',
      gitdir,
      'update-ref',
      'refs/heads/main',
      orphan.trim(),
    ]);
    await server.commit(REPO, { write: { 'only.yaml': 'a: 1\n' } });

    const second = await sync();
    expect(second.revision).not.toBe(first.revision);
    expect(fs.readdirSync(second.dir)).toEqual(['only.yaml']);
  });

  it('sends credentials with the first request and shares concurrent lookups of one ref', async () => {
    const requests = server.requestLog.length;
    const revisions = await Promise.all(
      [1, 2, 3, 4].map(() => cache.resolveRevision(url(), 'main')),
    );
    expect(new Set(revisions).size).toBe(1);
    const sent = server.requestLog.slice(requests);
    expect(sent.map(r => r.status)).toEqual([200]);
  });

  it('keeps the 20 most recent trees of a repository', async () => {
    const dirs: string[] = [];
    for (let i = 0; i < 22; i++) {
      await server.commit(REPO, { write: { 'counter.yaml': `n: ${i}\n` } });
      dirs.push((await sync()).dir);
    }
    const kept = fs
      .readdirSync(path.dirname(dirs[0]))
      .filter(name => /^[0-9a-f]{40}$/.test(name));
    expect(kept).toHaveLength(20);
    expect(fs.existsSync(dirs[0])).toBe(false);
    expect(fs.existsSync(dirs[21])).toBe(true);
    expect(fs.readFileSync(path.join(dirs[21], 'counter.yaml'), 'utf8')).toBe(
      'n: 21\n',
    );
    // a removed tree is written again when asked for
    const old = await cache.checkout(url(), 'main', path.basename(dirs[0]));
    expect(fs.readFileSync(path.join(old.dir, 'counter.yaml'), 'utf8')).toBe(
      'n: 0\n',
    );
  });
});
