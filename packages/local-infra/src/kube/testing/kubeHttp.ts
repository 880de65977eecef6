import https from 'node:https';
import http from 'node:http';
import type { LocalKubeApiServer } from '../server';

/** Test helper: raw requests against a LocalKubeApiServer, trusting its CA and sending its token. */

export interface KubeResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  body: any;
}

export interface RequestOptions {
  body?: unknown;
  contentType?: string;
  accept?: string;
  token?: string | null;
  userAgent?: string;
}

const bodyText = (body: unknown) =>
  typeof body === 'string' ? body : JSON.stringify(body);

function transport(
  server: LocalKubeApiServer,
  url: URL,
  method: string,
  o: RequestOptions,
) {
  const headers: Record<string, string> = {
    'user-agent': o.userAgent ?? 'kube-test/v0.0.0',
  };
  const token = o.token === undefined ? server.token : o.token;
  if (token) headers.authorization = `Bearer ${token}`;
  if (o.accept) headers.accept = o.accept;
  if (o.body !== undefined) {
    headers['content-type'] = o.contentType ?? 'application/json';
    // Node sends DELETE bodies unframed unless told their length.
    headers['content-length'] = String(Buffer.byteLength(bodyText(o.body)));
  }
  const lib = url.protocol === 'https:' ? https : http;
  return lib.request(url, {
    method,
    headers,
    ca: server.caPem || undefined,
    agent: false,
  });
}

export function kubeRequest(
  server: LocalKubeApiServer,
  method: string,
  path: string,
  o: RequestOptions = {},
): Promise<KubeResponse> {
  const url = new URL(path, server.url);
  return new Promise((resolve, reject) => {
    const req = transport(server, url, method, o);
    req.on('response', res => {
      const chunks: Buffer[] = [];
      res.on('data', c => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: any;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          body = undefined;
        }
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          text,
          body,
        });
      });
    });
    req.on('error', reject);
    if (o.body !== undefined) req.write(bodyText(o.body));
    req.end();
  });
}

export interface WatchEvent {
  type: string;
  object: any;
}

export interface WatchStream {
  status: Promise<number>;
  events: WatchEvent[];
  /** Resolves with the first event (in order of arrival, including already received ones) matching `pred`. */
  next(
    pred?: (e: WatchEvent) => boolean,
    timeoutMs?: number,
  ): Promise<WatchEvent>;
  ended: Promise<void>;
  close(): void;
}

export function kubeWatch(
  server: LocalKubeApiServer,
  path: string,
  o: RequestOptions = {},
): WatchStream {
  const url = new URL(path, server.url);
  const events: WatchEvent[] = [];
  const waiters: Array<() => void> = [];
  let consumed = 0;
  const req = transport(server, url, 'GET', o);
  let resolveStatus!: (n: number) => void;
  let resolveEnded!: () => void;
  const status = new Promise<number>(r => (resolveStatus = r));
  const ended = new Promise<void>(r => (resolveEnded = r));
  req.on('response', res => {
    resolveStatus(res.statusCode ?? 0);
    let buf = '';
    res.on('data', (c: Buffer) => {
      buf += c.toString('utf8');
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i).trim();
        buf = buf.slice(i + 1);
        if (line) events.push(JSON.parse(line));
      }
      waiters.splice(0).forEach(w => w());
    });
    res.on('end', () => resolveEnded());
    res.on('close', () => resolveEnded());
  });
  req.on('error', () => resolveEnded());
  req.end();
  const next = (
    pred: (e: WatchEvent) => boolean = () => true,
    timeoutMs = 5000,
  ) =>
    new Promise<WatchEvent>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `no matching watch event; got ${JSON.stringify(
                events.map(e => e.type),
              )}`,
            ),
          ),
        timeoutMs,
      );
      const check = () => {
        while (consumed < events.length) {
          const e = events[consumed++];
          if (pred(e)) {
            clearTimeout(timer);
            resolve(e);
            return;
          }
        }
        waiters.push(check);
      };
      check();
    });
  return { status, events, next, ended, close: () => req.destroy() };
}

export const configMap = (
  name: string,
  data: Record<string, string> = {},
  labels?: Record<string, string>,
  namespace = 'default',
) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace, ...(labels ? { labels } : {}) },
  data,
});

export const deployment = (
  name: string,
  image = 'nginx:1.27',
  replicas = 2,
  namespace = 'default',
) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace, labels: { app: name } },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name: 'main', image }] },
    },
  },
});
