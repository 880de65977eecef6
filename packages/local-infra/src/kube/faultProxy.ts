import { randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { Faults } from './faults';
import { parseRequestInfo } from './requestInfo';
import { RequestLog } from './requestLog';
import { generateCertificates } from './tls';
import type { Upstream } from './upstream';

/**
 * An HTTPS proxy in front of a real API server. What the engine under test sends goes through it,
 * so a test can read the requests in order (the "0 writes" checks) and inject faults: latency,
 * 429 with Retry-After, 500 and connection resets. It authenticates callers with its own token and
 * forwards with the upstream kubeconfig's credentials (impersonation headers pass through).
 */
export interface FaultProxy {
  url: string;
  caPem: string;
  /** base64 of the CA PEM, as kubeconfig's certificate-authority-data. */
  caData: string;
  token: string;
  log: RequestLog;
  faults: Faults;
  stop(): Promise<void>;
}

// Hop-by-hop headers and the caller's credentials never go upstream.
const DROPPED_HEADERS = new Set([
  'host',
  'authorization',
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
]);

const statusBody = (code: number, reason: string, message: string) =>
  JSON.stringify({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code,
  });

export async function startFaultProxy(
  upstream: Upstream,
  options: { port?: number } = {},
): Promise<FaultProxy> {
  const certs = generateCertificates();
  const token = randomBytes(24).toString('hex');
  const log = new RequestLog();
  const faults = new Faults();

  const handler = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ) => {
    if (req.headers.authorization !== `Bearer ${token}`) {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(statusBody(401, 'Unauthorized', 'Unauthorized'));
      return;
    }
    const url = new URL(req.url ?? '/', 'https://proxy.invalid');
    const entry = log.begin(
      req.method ?? 'GET',
      parseRequestInfo(req.method ?? 'GET', url, req.headers['content-type']),
    );
    const impersonated = req.headersDistinct['impersonate-user']?.[0];
    if (impersonated) entry.impersonatedUser = impersonated;

    for (const fault of faults.pick(entry.verb, entry.path)) {
      if (fault.kind === 'latency') {
        await new Promise(resolve =>
          setTimeout(resolve, fault.latencyMs ?? 1000),
        );
        continue;
      }
      if (fault.kind === 'reset') {
        req.socket.destroy();
        return;
      }
      const code = fault.kind === 'status429' ? 429 : 500;
      const headers: http.OutgoingHttpHeaders = {
        'content-type': 'application/json',
      };
      if (code === 429)
        headers['retry-after'] = String(fault.retryAfterSeconds ?? 1);
      entry.status = code;
      res.writeHead(code, headers);
      res.end(
        code === 429
          ? statusBody(
              429,
              'TooManyRequests',
              'the server has received too many requests and has asked us to try again later (injected)',
            )
          : statusBody(
              500,
              'InternalError',
              'an error on the server has prevented the request from succeeding (injected)',
            ),
      );
      return;
    }

    // distinct values: Node joins a repeated header with commas, and the API server reads each
    // Impersonate-Group header as one group
    const headers: http.OutgoingHttpHeaders = {};
    for (const [name, values] of Object.entries(req.headersDistinct)) {
      if (!DROPPED_HEADERS.has(name) && values)
        headers[name] = values.length === 1 ? values[0] : values;
    }
    Object.assign(headers, await upstream.authHeaders());
    const forwarded = https.request(
      {
        agent: upstream.agent,
        hostname: upstream.server.hostname,
        port: upstream.server.port || 443,
        path: upstream.server.pathname.replace(/\/$/, '') + (req.url ?? '/'),
        method: req.method,
        headers,
      },
      upstreamRes => {
        entry.status = upstreamRes.statusCode ?? 0;
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.headers);
        upstreamRes.pipe(res);
      },
    );
    forwarded.on('error', error => {
      if (!res.headersSent) {
        entry.status = 502;
        res.writeHead(502, { 'content-type': 'application/json' });
        res.end(
          statusBody(
            502,
            'ServiceUnavailable',
            `upstream API server: ${error.message}`,
          ),
        );
      } else {
        res.destroy();
      }
    });
    // A watch the caller closes must close upstream too.
    res.on('close', () => forwarded.destroy());
    req.pipe(forwarded);
  };

  const server = https.createServer(
    { key: certs.keyPem, cert: certs.certPem },
    (req, res) => {
      handler(req, res).catch(error => {
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(
            statusBody(500, 'InternalError', `fault proxy: ${error.message}`),
          );
        }
      });
    },
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    caPem: certs.caPem,
    caData: Buffer.from(certs.caPem).toString('base64'),
    token,
    log,
    faults,
    stop: () =>
      new Promise<void>(resolve => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
