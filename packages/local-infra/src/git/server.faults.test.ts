import * as fs from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import git from 'isomorphic-git';
import http from 'isomorphic-git/http/node';
import { LocalGitServer, startLocalGitServer } from './index';
import { gitCli, gitCliOk } from './testGitCli';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Sends the path exactly as given (no URL normalisation), which traversal tests need. */
function rawRequest(
  base: string,
  path: string,
  opts: {
    method?: string;
    headers?: Record<string, string>;
    body?: Buffer;
  } = {},
): Promise<RawResponse> {
  const { hostname, port } = new URL(base);
  return new Promise((resolveResponse, reject) => {
    const req = request(
      {
        hostname,
        port,
        path,
        method: opts.method ?? 'GET',
        headers: opts.headers,
        agent: false,
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', chunk => chunks.push(chunk));
        res.on('end', () =>
          resolveResponse({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** Protocol v2 pkt-line framing. */
const pkt = (line: string) =>
  `${(line.length + 4).toString(16).padStart(4, '0')}${line}`;

describe('local git server over raw HTTP', () => {
  let server: LocalGitServer;
  let work: string;
  let counter = 0;
  const freshDir = () => join(work, `clone-${++counter}`);

  beforeAll(async () => {
    server = await startLocalGitServer();
    work = await mkdtemp(join(tmpdir(), 'git-faults-'));
    await server.seedRepo('app', { 'a.txt': 'a' });
  });
  afterEach(() => server.faults.set('none'));
  afterAll(async () => {
    await server.stop();
    await rm(work, { recursive: true, force: true });
  });

  it.each([
    ['/../etc/passwd.git/info/refs?service=git-upload-pack'],
    ['/a/%2e%2e/%2e%2e/etc.git/info/refs?service=git-upload-pack'],
    ['//etc/passwd.git/info/refs?service=git-upload-pack'],
    ['/%2fetc/passwd.git/info/refs?service=git-upload-pack'],
    ['/app/..%5c..%5cx.git/info/refs'],
  ])('refuses the traversal %s with 400', async path => {
    const res = await rawRequest(server.url, path);
    expect(res.status).toBe(400);
  });

  it('answers 404 for URLs that are not git URLs or not served by git', async () => {
    expect((await rawRequest(server.url, '/favicon.ico')).status).toBe(404);
    // Answered by http-backend itself: its own 404 must reach the client intact.
    const res = await rawRequest(server.url, '/app.git/no-such-file');
    expect(res.status).toBe(404);
  });

  it('accepts gzip-encoded protocol v2 request bodies', async () => {
    const body = gzipSync(
      Buffer.from(`${pkt('command=ls-refs\n')}0001${pkt('peel\n')}0000`),
    );
    const res = await rawRequest(server.url, '/app.git/git-upload-pack', {
      method: 'POST',
      body,
      headers: {
        'Content-Type': 'application/x-git-upload-pack-request',
        'Content-Encoding': 'gzip',
        'Git-Protocol': 'version=2',
        'Content-Length': String(body.length),
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toContain(
      `${await server.headSha('app')} refs/heads/main`,
    );
  });

  it('logs requests with their service and status', async () => {
    const before = server.requestLog.length;
    await rawRequest(server.url, '/app.git/info/refs?service=git-upload-pack');
    expect(server.requestLog.slice(before)).toEqual([
      {
        time: expect.any(Number),
        method: 'GET',
        path: '/app.git/info/refs',
        service: 'git-upload-pack',
        status: 200,
      },
    ]);
  });

  it('down: clients fail with a connection error, and the same URL works again afterwards', async () => {
    server.faults.set('down');
    await expect(
      git.clone({ fs, http, dir: freshDir(), url: server.repoUrl('app') }),
    ).rejects.toMatchObject({
      code: expect.stringMatching(/ECONNRESET|ECONNREFUSED|EPIPE/),
    });
    const cli = await gitCli(['clone', server.repoUrl('app'), freshDir()]);
    expect(cli.code).not.toBe(0);
    expect(cli.stderr).toMatch(
      /Connection reset|Empty reply|Failed to connect|Recv failure/i,
    );

    server.faults.set('none');
    await git.clone({ fs, http, dir: freshDir(), url: server.repoUrl('app') });
    await gitCliOk(['clone', server.repoUrl('app'), freshDir()]);
  });

  it('down: cuts connections that were already open', async () => {
    const agent = new Agent({ keepAlive: true });
    const { hostname, port } = new URL(server.url);
    const get = () =>
      new Promise<number>((ok, fail) => {
        request({ hostname, port, path: '/app.git/HEAD', agent }, res => {
          res.resume();
          res.on('end', () => ok(res.statusCode ?? 0));
        })
          .on('error', fail)
          .end();
      });
    try {
      expect(await get()).toBe(200);
      server.faults.set('down');
      await expect(get()).rejects.toThrow();
    } finally {
      agent.destroy();
    }
  });

  it('error500: every request fails and clones fail', async () => {
    server.faults.set('error500');
    expect(
      (
        await rawRequest(
          server.url,
          '/app.git/info/refs?service=git-upload-pack',
        )
      ).status,
    ).toBe(500);
    await expect(
      git.clone({ fs, http, dir: freshDir(), url: server.repoUrl('app') }),
    ).rejects.toMatchObject({ code: 'HttpError', data: { statusCode: 500 } });
    const cli = await gitCli(['clone', server.repoUrl('app'), freshDir()]);
    expect(cli.code).not.toBe(0);
    expect(cli.stderr).toMatch(/500/);
  });

  it('slow: requests still complete', async () => {
    server.faults.set('slow', { delayMs: 150 });
    const dir = freshDir();
    await git.clone({ fs, http, dir, url: server.repoUrl('app') });
    expect(await git.resolveRef({ fs, dir, ref: 'HEAD' })).toBe(
      await server.headSha('app'),
    );
  });

  it('rejectAuth: 401 with a challenge even without configured auth', async () => {
    server.faults.set('rejectAuth');
    const res = await rawRequest(
      server.url,
      '/app.git/info/refs?service=git-upload-pack',
    );
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Basic /);
    await expect(
      git.clone({ fs, http, dir: freshDir(), url: server.repoUrl('app') }),
    ).rejects.toMatchObject({ code: 'HttpError', data: { statusCode: 401 } });
  });

  it('rejects unknown fault modes', () => {
    expect(() => server.faults.set('flaky' as never)).toThrow(
      /Unknown fault mode/,
    );
  });
});

describe('server lifecycle and options', () => {
  it('answers 404 for a missing repository when autoCreate is off, without creating it', async () => {
    const rootDir = await mkdtemp(join(tmpdir(), 'git-no-autocreate-'));
    const server = await startLocalGitServer({ rootDir, autoCreate: false });
    try {
      const res = await rawRequest(
        server.url,
        '/ghost.git/info/refs?service=git-receive-pack',
      );
      expect(res.status).toBe(404);
      await expect(stat(join(rootDir, 'ghost.git'))).rejects.toThrow();
    } finally {
      await server.stop();
      await rm(rootDir, { recursive: true, force: true });
    }
  });

  it('auto-creates on fetch too, as an empty repository', async () => {
    const server = await startLocalGitServer();
    try {
      const res = await rawRequest(
        server.url,
        '/made/on-fetch.git/info/refs?service=git-upload-pack',
      );
      expect(res.status).toBe(200);
      expect(await server.log('made/on-fetch')).toEqual([]);
    } finally {
      await server.stop();
    }
  });

  it('removes its own temp folder on stop but keeps a given rootDir', async () => {
    const own = await startLocalGitServer();
    await own.createRepo('x');
    expect((await stat(join(own.rootDir, 'x.git', 'HEAD'))).isFile()).toBe(
      true,
    );
    const given = await mkdtemp(join(tmpdir(), 'git-given-root-'));
    const kept = await startLocalGitServer({ rootDir: given });
    await kept.createRepo('y');
    await Promise.all([own.stop(), kept.stop()]);
    await own.stop(); // stopping twice is harmless
    expect((await stat(join(given, 'y.git', 'HEAD'))).isFile()).toBe(true);
    await expect(stat(own.rootDir)).rejects.toThrow();
    await expect(own.createRepo('z')).rejects.toThrow(/stopped/);
    await rm(given, { recursive: true, force: true });
  });

  it('serves repositories that already exist in a given rootDir', async () => {
    const rootDir = await mkdtemp(join(tmpdir(), 'git-existing-'));
    const dir = await mkdtemp(join(tmpdir(), 'git-existing-work-'));
    try {
      await gitCliOk([
        'init',
        '--bare',
        '--initial-branch=main',
        join(rootDir, 'legacy.git'),
      ]);
      const server = await startLocalGitServer({ rootDir, autoCreate: false });
      try {
        await git.init({ fs, dir, defaultBranch: 'main' });
        await fs.promises.writeFile(join(dir, 'f.txt'), 'f');
        await git.add({ fs, dir, filepath: 'f.txt' });
        const sha = await git.commit({
          fs,
          dir,
          message: 'F',
          author: { name: 'A', email: 'a@b.c' },
        });
        await git.push({
          fs,
          http,
          dir,
          url: server.repoUrl('legacy'),
          ref: 'main',
        });
        expect(await server.headSha('legacy')).toBe(sha);
      } finally {
        await server.stop();
      }
    } finally {
      await rm(rootDir, { recursive: true, force: true });
      await rm(dir, { recursive: true, force: true });
    }
  });
});
