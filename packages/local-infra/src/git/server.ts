import type { ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { AUTH_CHALLENGE, checkAuthorization } from './auth';
import { serveViaHttpBackend } from './cgiBridge';
import { FaultState } from './faults';
import { normalizeRepoName, parseGitRequestPath, serviceOf } from './repoPath';
import { RepoStore } from './repoStore';
import {
  CommitOptions,
  commitChange,
  FileChange,
  FileContents,
  seedRepo,
} from './repoWrite';
import type {
  LocalGitServer,
  LocalGitServerOptions,
  RequestLogEntry,
} from './types';

function plain(
  res: ServerResponse,
  status: number,
  text: string,
  headers = {},
): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    ...headers,
  });
  res.end(`${text}\n`);
}

/** Cuts a connection with a TCP reset, the closest thing to a host that went away. */
function cut(socket: Socket): void {
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}

function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve();
  return new Promise(done => child.once('close', () => done()));
}

/**
 * Starts a Git smart-HTTP server on 127.0.0.1 backed by the installed
 * `git http-backend`, for tests, benchmarks and the development portal.
 */
export async function startLocalGitServer(
  options: LocalGitServerOptions = {},
): Promise<LocalGitServer> {
  const ownsRoot = options.rootDir === undefined;
  const rootDir = ownsRoot
    ? await mkdtemp(join(tmpdir(), 'local-git-repos-'))
    : resolve(options.rootDir!);
  await mkdir(rootDir, { recursive: true });

  const store = new RepoStore(rootDir);
  const autoCreate = options.autoCreate ?? true;
  const requestLog: RequestLogEntry[] = [];
  const sockets = new Set<Socket>();
  const running = new Set<ChildProcess>();
  const faults = new FaultState(() => sockets.forEach(cut));
  let stopped: Promise<void> | undefined;

  async function handle(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const time = Date.now();
    // Split the raw target by hand: the WHATWG URL parser would resolve
    // `..`, `%2e%2e` and `//host` before we could refuse them.
    const target = req.url ?? '/';
    const queryAt = target.indexOf('?');
    const pathname = queryAt < 0 ? target : target.slice(0, queryAt);
    const queryString = queryAt < 0 ? '' : target.slice(queryAt + 1);
    const parsed = parseGitRequestPath(pathname);
    const service =
      parsed.kind === 'repo'
        ? serviceOf(parsed.rest, new URLSearchParams(queryString))
        : undefined;
    res.on('close', () => {
      requestLog.push({
        time,
        method: req.method ?? 'GET',
        path: pathname,
        ...(service ? { service } : {}),
        // 0: the connection ended before any response was sent.
        status: res.headersSent ? res.statusCode : 0,
      });
    });

    if (faults.mode === 'slow') await delay(faults.delayMs);
    if (stopped) {
      res.destroy(); // stopped while this request was delayed
      return;
    }
    switch (faults.mode) {
      case 'down':
        cut(req.socket);
        return;
      case 'error500':
        plain(res, 500, 'Simulated server error');
        return;
      case 'rejectAuth':
        plain(res, 401, 'Simulated authentication failure', {
          'WWW-Authenticate': AUTH_CHALLENGE,
        });
        return;
      default:
        break;
    }

    if (parsed.kind === 'invalid') {
      plain(res, 400, `Bad path: ${parsed.reason}`);
      return;
    }
    if (parsed.kind === 'unknown') {
      plain(res, 404, 'Not a git URL');
      return;
    }
    let repo: string;
    try {
      repo = normalizeRepoName(parsed.repo);
    } catch (e) {
      plain(res, 400, (e as Error).message);
      return;
    }

    const authResult = checkAuthorization(
      req.headers.authorization,
      options.auth,
    );
    if (!authResult.ok) {
      plain(res, 401, 'Authentication required', {
        'WWW-Authenticate': AUTH_CHALLENGE,
      });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'POST') {
      plain(res, 405, 'Method not allowed', { Allow: 'GET, POST' });
      return;
    }
    if (!(await store.exists(repo))) {
      if (!autoCreate) {
        plain(res, 404, `Repository not found: ${repo}`);
        return;
      }
      await store.createRepo(repo);
    }

    await serveViaHttpBackend({
      req,
      res,
      projectRoot: rootDir,
      pathInfo: `/${repo}.git/${parsed.rest}`,
      queryString,
      remoteUser: authResult.user,
      running,
    });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(error => {
      if (!res.headersSent)
        plain(res, 500, `Internal error: ${(error as Error).message}`);
      else res.destroy();
    });
  });
  server.on('connection', (socket: Socket) => {
    // "down" keeps the port bound (so coming back is instant and race-free)
    // but resets every connection, which clients report as a network error.
    if (faults.mode === 'down') {
      cut(socket);
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((ready, failed) => {
    server.once('error', failed);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', failed);
      ready();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;

  /** Helpers refuse to run after stop (the root folder may be gone). */
  const live =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      if (stopped) throw new Error('The local git server has been stopped');
      return fn(...args);
    };
  const stop = () => {
    stopped ??= (async () => {
      const closed = new Promise<void>(done => server.close(() => done()));
      sockets.forEach(socket => socket.destroy());
      const children = [...running];
      children.forEach(child => child.kill('SIGTERM'));
      await Promise.all([closed, ...children.map(waitForExit)]);
      if (ownsRoot) await rm(rootDir, { recursive: true, force: true });
    })();
    return stopped;
  };

  return {
    url,
    repoUrl: name => {
      const segments = normalizeRepoName(name)
        .split('/')
        .map(encodeURIComponent);
      return `${url}/${segments.join('/')}.git`;
    },
    rootDir,
    createRepo: live((name: string) => store.createRepo(name)),
    seedRepo: live(
      (
        name: string,
        files: FileContents | { fromDir: string },
        opts?: CommitOptions,
      ) => seedRepo(store, name, files, opts),
    ),
    commit: live((name: string, change: FileChange, opts?: CommitOptions) =>
      commitChange(store, name, change, opts),
    ),
    headSha: live((name: string, branch?: string) =>
      store.headSha(name, branch),
    ),
    readFile: live((name: string, path: string, ref?: string) =>
      store.readFile(name, path, ref),
    ),
    log: live((name: string, branch?: string) => store.log(name, branch)),
    faults,
    requestLog,
    stop,
  };
}
