import * as fs from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import git from 'isomorphic-git';
import http from 'isomorphic-git/http/node';
import { LocalGitServer, startLocalGitServer } from './index';

const author = {
  name: 'Iso',
  email: 'iso@example.invalid',
  timestamp: 1735689600,
};

describe('isomorphic-git against the local server', () => {
  let server: LocalGitServer;
  let work: string;
  let counter = 0;
  const freshDir = () => join(work, `repo-${++counter}`);

  beforeAll(async () => {
    server = await startLocalGitServer();
    work = await mkdtemp(join(tmpdir(), 'iso-git-client-'));
  });
  afterAll(async () => {
    await server.stop();
    await rm(work, { recursive: true, force: true });
  });

  it('clones, then fetches a new server-side commit', async () => {
    const seeded = await server.seedRepo('team/app-config', {
      'app.yaml': 'replicas: 1\n',
    });
    const dir = freshDir();
    await git.clone({ fs, http, dir, url: server.repoUrl('team/app-config') });
    expect(await readFile(join(dir, 'app.yaml'), 'utf8')).toBe('replicas: 1\n');
    expect(await git.resolveRef({ fs, dir, ref: 'HEAD' })).toBe(seeded);

    const next = await server.commit('team/app-config', {
      write: { 'app.yaml': 'replicas: 2\n' },
    });
    const result = await git.fetch({ fs, http, dir, ref: 'main' });
    expect(result.fetchHead).toBe(next);
    expect(
      await git.resolveRef({ fs, dir, ref: 'refs/remotes/origin/main' }),
    ).toBe(next);
  });

  it('pushes a new branch and then to main', async () => {
    await server.seedRepo('pushy', { 'a.txt': 'a' });
    const dir = freshDir();
    await git.clone({ fs, http, dir, url: server.repoUrl('pushy') });
    await writeFile(join(dir, 'b.txt'), 'b');
    await git.add({ fs, dir, filepath: 'b.txt' });
    const local = await git.commit({ fs, dir, message: 'Add b', author });

    const branchPush = await git.push({
      fs,
      http,
      dir,
      ref: 'main',
      remoteRef: 'refs/heads/feature',
    });
    expect(branchPush.ok).toBe(true);
    expect(await server.headSha('pushy', 'feature')).toBe(local);

    const mainPush = await git.push({ fs, http, dir, ref: 'main' });
    expect(mainPush.ok).toBe(true);
    expect(await server.headSha('pushy')).toBe(local);
    expect(await server.readFile('pushy', 'b.txt')).toBe('b');
  });

  it('clones shallow with depth 1', async () => {
    await server.seedRepo('history', { 'v.txt': '1' });
    await server.commit('history', { write: { 'v.txt': '2' } });
    const last = await server.commit('history', { write: { 'v.txt': '3' } });
    const dir = freshDir();
    await git.clone({
      fs,
      http,
      dir,
      url: server.repoUrl('history'),
      depth: 1,
      singleBranch: true,
    });
    const commits = await git.log({ fs, dir });
    expect(commits.map(c => c.oid)).toEqual([last]);
    expect(await readFile(join(dir, '.git', 'shallow'), 'utf8')).toContain(
      last,
    );
  });

  it('creates a missing repository on first push', async () => {
    const dir = freshDir();
    await git.init({ fs, dir, defaultBranch: 'main' });
    await writeFile(join(dir, 'hello.txt'), 'hello');
    await git.add({ fs, dir, filepath: 'hello.txt' });
    const sha = await git.commit({ fs, dir, message: 'First', author });
    await git.push({
      fs,
      http,
      dir,
      url: server.repoUrl('brand/new'),
      ref: 'main',
    });
    expect(await server.headSha('brand/new')).toBe(sha);
  });
});

describe('isomorphic-git authentication', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'iso-git-auth-'));
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  it('uses onAuth credentials and fails without or with wrong ones', async () => {
    const server = await startLocalGitServer({
      auth: { username: 'alice', password: 'pw' },
    });
    try {
      const sha = await server.seedRepo('secret', { 'a.txt': 'a' });
      const url = server.repoUrl('secret');
      await expect(
        git.clone({ fs, http, dir: join(work, 'anon'), url }),
      ).rejects.toMatchObject({
        code: 'HttpError',
        data: { statusCode: 401 },
      });
      const rejected: string[] = [];
      await expect(
        git.clone({
          fs,
          http,
          dir: join(work, 'wrong'),
          url,
          onAuth: () => ({ username: 'alice', password: 'nope' }),
          onAuthFailure: () => {
            rejected.push('wrong');
            return { cancel: true };
          },
        }),
      ).rejects.toThrow();
      expect(rejected).toEqual(['wrong']);

      const dir = join(work, 'right');
      await git.clone({
        fs,
        http,
        dir,
        url,
        onAuth: () => ({ username: 'alice', password: 'pw' }),
      });
      expect(await git.resolveRef({ fs, dir, ref: 'HEAD' })).toBe(sha);
    } finally {
      await server.stop();
    }
  });

  it('accepts a bearer token header and pushes with it', async () => {
    const server = await startLocalGitServer({ auth: { token: 'tok-1' } });
    try {
      await server.seedRepo('tokened', { 'a.txt': 'a' });
      const dir = join(work, 'token');
      const headers = { Authorization: 'Bearer tok-1' };
      await git.clone({
        fs,
        http,
        dir,
        url: server.repoUrl('tokened'),
        headers,
      });
      await writeFile(join(dir, 'b.txt'), 'b');
      await git.add({ fs, dir, filepath: 'b.txt' });
      const sha = await git.commit({ fs, dir, message: 'B', author });
      await git.push({ fs, http, dir, ref: 'main', headers });
      expect(await server.headSha('tokened')).toBe(sha);
      await expect(
        git.push({
          fs,
          http,
          dir,
          ref: 'main',
          headers: { Authorization: 'Bearer nope' },
        }),
      ).rejects.toMatchObject({ code: 'HttpError', data: { statusCode: 401 } });
    } finally {
      await server.stop();
    }
  });
});
