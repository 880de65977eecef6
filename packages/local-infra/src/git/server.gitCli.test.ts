import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalGitServer, startLocalGitServer } from './index';
import { gitCli, gitCliOk } from './testGitCli';

/** Inserts credentials into an http URL the way users write them for the git CLI. */
const withCredentials = (url: string, user: string, pass: string) =>
  url.replace(
    'http://',
    `http://${encodeURIComponent(user)}:${encodeURIComponent(pass)}@`,
  );

describe('git CLI against the local server', () => {
  let server: LocalGitServer;
  let work: string;

  beforeAll(async () => {
    server = await startLocalGitServer();
    work = await mkdtemp(join(tmpdir(), 'git-cli-client-'));
  });
  afterAll(async () => {
    await server.stop();
    await rm(work, { recursive: true, force: true });
  });

  it('clones with protocol v2, then fetches a new server-side commit', async () => {
    const seeded = await server.seedRepo('team/app-config', {
      'app.yaml': 'replicas: 1\n',
    });
    const dir = join(work, 'clone');
    const trace = await gitCli(
      ['clone', server.repoUrl('team/app-config'), dir],
      {
        env: { GIT_TRACE_PACKET: '1' },
      },
    );
    expect(trace.code).toBe(0);
    expect(trace.stderr).toMatch(/< version 2/);
    expect(await readFile(join(dir, 'app.yaml'), 'utf8')).toBe('replicas: 1\n');
    expect(await gitCliOk(['rev-parse', 'HEAD'], { cwd: dir })).toBe(seeded);

    const next = await server.commit('team/app-config', {
      write: { 'app.yaml': 'replicas: 2\n' },
    });
    await gitCliOk(['fetch', 'origin'], { cwd: dir });
    expect(await gitCliOk(['rev-parse', 'origin/main'], { cwd: dir })).toBe(
      next,
    );
  });

  it('pushes a new branch and then to main', async () => {
    await server.seedRepo('pushy', { 'a.txt': 'a' });
    const dir = join(work, 'pushy');
    await gitCliOk(['clone', server.repoUrl('pushy'), dir]);

    await writeFile(join(dir, 'b.txt'), 'b');
    await gitCliOk(['add', 'b.txt'], { cwd: dir });
    await gitCliOk(['commit', '-m', 'Add b'], { cwd: dir });
    const local = await gitCliOk(['rev-parse', 'HEAD'], { cwd: dir });

    await gitCliOk(['push', 'origin', 'HEAD:refs/heads/feature'], { cwd: dir });
    expect(await server.headSha('pushy', 'feature')).toBe(local);
    expect(await server.readFile('pushy', 'b.txt', 'feature')).toBe('b');

    await gitCliOk(['push', 'origin', 'HEAD:main'], { cwd: dir });
    expect(await server.headSha('pushy')).toBe(local);
    expect((await server.log('pushy'))[0]).toEqual({
      sha: local,
      message: 'Add b',
      author: 'Client <client@example.invalid>',
    });
    expect(server.requestLog).toContainEqual(
      expect.objectContaining({
        method: 'POST',
        service: 'git-receive-pack',
        status: 200,
      }),
    );
  });

  it('pushes a large change (chunked, gzip-capable request bodies)', async () => {
    await server.seedRepo('large', { 'seed.txt': 'x' });
    const dir = join(work, 'large');
    await gitCliOk(['clone', server.repoUrl('large'), dir]);
    // Incompressible content above http.postBuffer forces a chunked upload.
    const random = Buffer.alloc(2 * 1024 * 1024);
    for (let i = 0; i < random.length; i += 4)
      random.writeUInt32LE((Math.random() * 2 ** 32) >>> 0, i);
    await writeFile(join(dir, 'blob.bin'), random);
    await gitCliOk(['add', 'blob.bin'], { cwd: dir });
    await gitCliOk(['commit', '-m', 'Big'], { cwd: dir });
    await gitCliOk(
      ['-c', 'http.postBuffer=65536', 'push', 'origin', 'HEAD:main'],
      { cwd: dir },
    );
    expect(await server.headSha('large')).toBe(
      await gitCliOk(['rev-parse', 'HEAD'], { cwd: dir }),
    );
  });

  it('clones shallow with depth 1', async () => {
    await server.seedRepo('history', { 'v.txt': '1' });
    await server.commit('history', { write: { 'v.txt': '2' } });
    const last = await server.commit('history', { write: { 'v.txt': '3' } });
    const dir = join(work, 'shallow');
    await gitCliOk(['clone', '--depth', '1', server.repoUrl('history'), dir]);
    expect(await gitCliOk(['rev-list', '--count', 'HEAD'], { cwd: dir })).toBe(
      '1',
    );
    expect(await gitCliOk(['rev-parse', 'HEAD'], { cwd: dir })).toBe(last);
    expect((await stat(join(dir, '.git', 'shallow'))).isFile()).toBe(true);
  });

  it('creates a missing repository on first push', async () => {
    const dir = join(work, 'fresh');
    await gitCliOk(['init', '--initial-branch=main', dir]);
    await writeFile(join(dir, 'hello.txt'), 'hello');
    await gitCliOk(['add', '.'], { cwd: dir });
    await gitCliOk(['commit', '-m', 'First'], { cwd: dir });
    await gitCliOk(['push', server.repoUrl('new/team/repo'), 'main'], {
      cwd: dir,
    });
    expect(await server.readFile('new/team/repo', 'hello.txt')).toBe('hello');
  });
});

describe('git CLI authentication', () => {
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'git-cli-auth-'));
  });
  afterAll(() => rm(work, { recursive: true, force: true }));

  it('accepts the right user and password and rejects anything else', async () => {
    const server = await startLocalGitServer({
      auth: { username: 'alice', password: 'pw' },
    });
    try {
      await server.seedRepo('secret', { 'a.txt': 'a' });
      const anonymous = await gitCli(['ls-remote', server.repoUrl('secret')]);
      expect(anonymous.code).not.toBe(0);
      const wrong = await gitCli([
        'ls-remote',
        withCredentials(server.repoUrl('secret'), 'alice', 'no'),
      ]);
      expect(wrong.code).not.toBe(0);
      expect(wrong.stderr).toMatch(/Authentication failed/);

      const dir = join(work, 'userpass');
      await gitCliOk([
        'clone',
        withCredentials(server.repoUrl('secret'), 'alice', 'pw'),
        dir,
      ]);
      await writeFile(join(dir, 'b.txt'), 'b');
      await gitCliOk(['add', '.'], { cwd: dir });
      await gitCliOk(['commit', '-m', 'B'], { cwd: dir });
      await gitCliOk(['push', 'origin', 'main'], { cwd: dir });
      expect(await server.readFile('secret', 'b.txt')).toBe('b');
      expect(server.requestLog.some(entry => entry.status === 401)).toBe(true);
    } finally {
      await server.stop();
    }
  });

  it('accepts a token as bearer header or basic password', async () => {
    const server = await startLocalGitServer({ auth: { token: 'tok-1' } });
    try {
      const sha = await server.seedRepo('tokened', { 'a.txt': 'a' });
      const bearer = await gitCliOk([
        '-c',
        'http.extraHeader=Authorization: Bearer tok-1',
        'ls-remote',
        server.repoUrl('tokened'),
        'refs/heads/main',
      ]);
      expect(bearer).toContain(sha);
      const basic = await gitCliOk([
        'ls-remote',
        withCredentials(server.repoUrl('tokened'), 'x', 'tok-1'),
      ]);
      expect(basic).toContain(sha);
      const wrong = await gitCli([
        '-c',
        'http.extraHeader=Authorization: Bearer nope',
        'ls-remote',
        server.repoUrl('tokened'),
      ]);
      expect(wrong.code).not.toBe(0);
    } finally {
      await server.stop();
    }
  });
});
