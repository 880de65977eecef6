import { ChildProcess, spawn } from 'node:child_process';
import type {
  IncomingMessage,
  OutgoingHttpHeaders,
  ServerResponse,
} from 'node:http';
import { httpBackendPath, isolatedGitEnv } from './gitCli';

export interface CgiCall {
  req: IncomingMessage;
  res: ServerResponse;
  /** GIT_PROJECT_ROOT: the folder that holds the bare repositories. */
  projectRoot: string;
  /** `/<repo>.git/<rest>`, already validated. */
  pathInfo: string;
  queryString: string;
  remoteUser?: string;
  /** Running CGI processes, so that stopping the server can end them. */
  running: Set<ChildProcess>;
}

// Headers the CGI spec passes under their own names, or never (credentials,
// and `Proxy`, which would become HTTP_PROXY in the child's environment).
const NOT_FORWARDED = new Set([
  'authorization',
  'content-type',
  'content-length',
  'proxy',
]);

/** Request meta-variables for `git http-backend` (RFC 3875 section 4.1). */
export function cgiEnvironment(
  call: Omit<CgiCall, 'res' | 'running'>,
): NodeJS.ProcessEnv {
  const { req } = call;
  const env: Record<string, string> = {
    GATEWAY_INTERFACE: 'CGI/1.1',
    SERVER_PROTOCOL: `HTTP/${req.httpVersion}`,
    SERVER_SOFTWARE: 'local-git-server',
    GIT_PROJECT_ROOT: call.projectRoot,
    // Serve every repository under the root without a git-daemon-export-ok file.
    GIT_HTTP_EXPORT_ALL: '1',
    PATH_INFO: call.pathInfo,
    REQUEST_METHOD: req.method ?? 'GET',
    QUERY_STRING: call.queryString,
    REMOTE_ADDR: req.socket.remoteAddress ?? '127.0.0.1',
    // receive-pack is off for anonymous users unless enabled in config; this
    // command-line style config applies to every repository, including ones
    // that existed in the root folder before the server started.
    GIT_CONFIG_COUNT: '2',
    GIT_CONFIG_KEY_0: 'http.receivepack',
    GIT_CONFIG_VALUE_0: 'true',
    GIT_CONFIG_KEY_1: 'uploadpack.allowFilter',
    GIT_CONFIG_VALUE_1: 'true',
  };
  if (call.remoteUser) {
    env.REMOTE_USER = call.remoteUser;
    env.AUTH_TYPE = 'Basic';
  }
  const contentType = req.headers['content-type'];
  if (contentType) env.CONTENT_TYPE = contentType;
  // Without CONTENT_LENGTH (chunked uploads) http-backend reads until EOF.
  const contentLength = req.headers['content-length'];
  if (contentLength) env.CONTENT_LENGTH = contentLength;
  // Includes Content-Encoding (gzip bodies, decoded by http-backend itself)
  // and Git-Protocol (HTTP_GIT_PROTOCOL selects protocol v2).
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || NOT_FORWARDED.has(name)) continue;
    const key = `HTTP_${name.toUpperCase().replace(/-/g, '_')}`;
    env[key] = Array.isArray(value) ? value.join(', ') : value;
  }
  return isolatedGitEnv(env);
}

export interface CgiHead {
  status: number;
  headers: OutgoingHttpHeaders;
}

/** Parses the CGI response header block (without the blank line). */
export function parseCgiHead(block: string): CgiHead {
  let status = 200;
  const headers: Record<string, string | string[]> = {};
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === 'status') {
      const code = Number.parseInt(value, 10);
      if (code >= 100 && code <= 599) status = code;
      continue;
    }
    const existing = headers[name];
    if (existing === undefined) headers[name] = value;
    else headers[name] = ([] as string[]).concat(existing, value);
  }
  return { status, headers };
}

/** Finds the end of the header block: CRLFCRLF, or LFLF from lenient programs. */
function headerEnd(buffer: Buffer): { at: number; length: number } | undefined {
  const crlf = buffer.indexOf('\r\n\r\n');
  const lf = buffer.indexOf('\n\n');
  if (crlf >= 0 && (lf < 0 || crlf <= lf)) return { at: crlf, length: 4 };
  if (lf >= 0) return { at: lf, length: 2 };
  return undefined;
}

/**
 * Runs one request through `git http-backend` and streams its answer.
 * Resolves once the response is finished or abandoned.
 */
export function serveViaHttpBackend(call: CgiCall): Promise<void> {
  const { req, res } = call;
  return new Promise(resolveDone => {
    const child = spawn(httpBackendPath(), [], {
      env: cgiEnvironment(call),
      stdio: 'pipe',
    });
    call.running.add(child);
    let pending: Buffer = Buffer.alloc(0);
    let headSent = false;
    let failed = false;
    const stderr: Buffer[] = [];

    const fail = (message: string) => {
      if (failed) return;
      failed = true;
      if (!res.headersSent) {
        res
          .writeHead(500, { 'Content-Type': 'text/plain' })
          .end(`${message}\n`);
      } else {
        res.destroy(); // the client sees a truncated response, not a silent success
      }
    };

    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.stdout.on('data', (chunk: Buffer) => {
      if (headSent) {
        if (!res.write(chunk)) {
          child.stdout.pause();
          res.once('drain', () => child.stdout.resume());
        }
        return;
      }
      pending = Buffer.concat([pending, chunk]);
      const end = headerEnd(pending);
      if (!end) return;
      const head = parseCgiHead(pending.subarray(0, end.at).toString('latin1'));
      headSent = true;
      res.writeHead(head.status, head.headers);
      const body = pending.subarray(end.at + end.length);
      if (body.length > 0) res.write(body);
      pending = Buffer.alloc(0);
    });
    child.on('error', error => {
      call.running.delete(child);
      fail(`git http-backend could not start: ${error.message}`);
      resolveDone();
    });
    child.on('close', code => {
      call.running.delete(child);
      if (!headSent) {
        const detail = Buffer.concat(stderr).toString('utf8').trim();
        fail(
          `git http-backend exited with ${code}${detail ? `: ${detail}` : ''}`,
        );
      } else if (code !== 0) {
        fail('git http-backend failed mid-response');
      } else if (!failed) {
        res.end();
      }
      resolveDone();
    });

    // A client that goes away must not leave the CGI process behind.
    res.on('close', () => {
      if (!res.writableFinished && child.exitCode === null)
        child.kill('SIGTERM');
    });
    child.stdin.on('error', () => {}); // the backend may stop reading early
    req.pipe(child.stdin);
  });
}
