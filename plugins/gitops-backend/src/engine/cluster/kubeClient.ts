import { Impersonation } from '@backstage-gitops/plugin-gitops-common';
import type { KubeConfig } from '@kubernetes/client-node';
import http from 'node:http';
import https from 'node:https';
import { impersonationHeaders } from './identity';

/** A failed Kubernetes API call, carrying the API's Status reason and message. */
export class KubeApiError extends Error {
  name = 'KubeApiError';
  constructor(
    message: string,
    readonly status: number,
    readonly reason?: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/**
 * No HTTP answer from the API server at all: connection refused, DNS, TLS handshake, timeout, a
 * connection dropped mid-answer. `code` is Node's error code (`ECONNREFUSED`, `ETIMEDOUT`, …).
 */
export class KubeConnectionError extends Error {
  name = 'KubeConnectionError';
  readonly code?: string;
  constructor(readonly server: string, cause: unknown) {
    super(
      (cause as Error | undefined)?.message ?? String(cause),
      cause instanceof Error ? { cause } : undefined,
    );
    const code = (cause as { code?: unknown } | undefined)?.code;
    this.code = typeof code === 'string' ? code : undefined;
  }
}

/** The cluster's kubeconfig gives no usable credentials or TLS material (a missing file, a failing exec plugin). */
export class KubeConfigError extends Error {
  name = 'KubeConfigError';
  constructor(cause: unknown) {
    super(
      `its kubeconfig gives no usable credentials: ${
        (cause as Error | undefined)?.message ?? String(cause)
      }`,
      { cause },
    );
  }
}

export interface KubeRequest {
  method: 'GET' | 'PATCH' | 'DELETE' | 'PUT' | 'POST';
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  contentType?: string;
  /** Sent with `Impersonate-User`/`Impersonate-Group`: the API server authorizes it as this identity. */
  impersonate?: Impersonation;
}

export interface KubeClientOptions {
  /** Attempts for 429 / 5xx / connection errors (each request is idempotent: GET, apply, delete). */
  attempts?: number;
  timeoutMs?: number;
  onRequest?: (method: string, path: string, status: number) => void;
}

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);

/**
 * The API server answers a server-side apply whose body does not fit the schema (an unknown
 * field, a string where a number belongs) with HTTP 500 "failed to create typed patch object":
 * the request itself is wrong, so it is reported as 422 Invalid, like every other validation
 * error, and never retried.
 */
export function asValidationError(
  status: number,
  message: string | undefined,
): { status: number; reason?: string } | undefined {
  if (
    status === 500 &&
    /^failed to create typed patch object/.test(message ?? '')
  )
    return { status: 422, reason: 'Invalid' };
  return undefined;
}
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/**
 * Raw-JSON client for one cluster. Manifests are sent as JSON exactly as rendered (typed models
 * would drop unknown fields); authentication and TLS come from the cluster's KubeConfig.
 */
export class KubeClient {
  private transport?: Promise<{
    agent: http.Agent;
    headers: Record<string, string>;
    at: number;
  }>;

  constructor(
    readonly server: string,
    private readonly kubeConfig: KubeConfig,
    private readonly options: KubeClientOptions = {},
  ) {}

  /** TLS material and auth headers, refreshed every minute so rotating tokens keep working. */
  private async connection() {
    const current = this.transport && (await this.transport);
    if (current && Date.now() - current.at < 60_000) return current;
    this.transport = (async () => {
      const opts: https.RequestOptions = { headers: {} };
      try {
        await this.kubeConfig.applyToHTTPSOptions(opts);
      } catch (error) {
        // not cached: the next request tries again (an exec plugin may work next time)
        this.transport = undefined;
        throw new KubeConfigError(error);
      }
      const isHttps = this.server.startsWith('https:');
      const agentOptions = {
        keepAlive: true,
        maxSockets: 32,
        ca: opts.ca,
        cert: opts.cert,
        key: opts.key,
        rejectUnauthorized: opts.rejectUnauthorized ?? true,
      };
      return {
        agent: isHttps
          ? new https.Agent(agentOptions)
          : new http.Agent({ keepAlive: true, maxSockets: 32 }),
        headers: {
          ...(opts.headers as Record<string, string>),
          ...(opts.auth
            ? {
                authorization: `Basic ${Buffer.from(opts.auth).toString(
                  'base64',
                )}`,
              }
            : {}),
        },
        at: Date.now(),
      };
    })();
    return this.transport;
  }

  async request<T = any>(req: KubeRequest): Promise<T> {
    const attempts = this.options.attempts ?? 4;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once<T>(req);
      } catch (error: any) {
        const retryable =
          error instanceof KubeApiError
            ? RETRYABLE_STATUS.has(error.status)
            : !(error instanceof KubeConfigError);
        if (!retryable || attempt >= attempts) throw error;
        const retryAfter = Number((error as any).retryAfterSeconds);
        const backoff =
          retryAfter > 0
            ? Math.min(retryAfter, 10) * 1000
            : Math.min(200 * 2 ** attempt, 5_000);
        await sleep(backoff * (0.75 + Math.random() * 0.5));
      }
    }
  }

  private async once<T>(req: KubeRequest): Promise<T> {
    const { agent, headers } = await this.connection();
    const url = new URL(req.path, this.server);
    for (const [k, v] of Object.entries(req.query ?? {}))
      if (v !== undefined) url.searchParams.set(k, v);
    const payload =
      req.body === undefined
        ? undefined
        : Buffer.from(JSON.stringify(req.body));
    const lib = url.protocol === 'https:' ? https : http;
    return new Promise<T>((resolve, fail) => {
      const reject = (error: unknown) =>
        fail(
          error instanceof KubeApiError
            ? error
            : new KubeConnectionError(this.server, error),
        );
      const request = lib.request(
        url,
        {
          method: req.method,
          agent,
          timeout: this.options.timeoutMs ?? 30_000,
          headers: {
            ...headers,
            ...impersonationHeaders(req.impersonate),
            accept: 'application/json',
            ...(payload
              ? {
                  'content-type': req.contentType ?? 'application/json',
                  'content-length': payload.length,
                }
              : {}),
          },
        },
        response => {
          const chunks: Buffer[] = [];
          response.on('data', c => chunks.push(c));
          response.on('error', reject);
          response.on('end', () => {
            const status = response.statusCode ?? 0;
            this.options.onRequest?.(req.method, url.pathname, status);
            const text = Buffer.concat(chunks).toString('utf8');
            let body: any;
            try {
              body = text ? JSON.parse(text) : undefined;
            } catch {
              body = undefined;
            }
            if (status >= 200 && status < 300) {
              resolve(body as T);
              return;
            }
            const invalid = asValidationError(status, body?.message);
            const error = new KubeApiError(
              body?.message ??
                `HTTP ${status} from ${req.method} ${url.pathname}`,
              invalid?.status ?? status,
              invalid?.reason ?? body?.reason,
              body?.details,
            );
            (error as any).retryAfterSeconds = response.headers['retry-after'];
            reject(error);
          });
        },
      );
      request.on('timeout', () =>
        request.destroy(
          Object.assign(
            new Error(
              `no answer within ${this.options.timeoutMs ?? 30_000} ms`,
            ),
            { code: 'ETIMEDOUT' },
          ),
        ),
      );
      request.on('error', error => {
        this.options.onRequest?.(req.method, url.pathname, 0);
        reject(error);
      });
      request.end(payload);
    });
  }
}
