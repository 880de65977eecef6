import type {
  HttpClient,
  GitHttpRequest,
  GitHttpResponse,
} from 'isomorphic-git';

/** Raised for every way a repository can fail to answer: down, slow, refusing credentials, 5xx. @public */
export class SourceError extends Error {
  /** Always `SourceError`. */
  name = 'SourceError';
  /** `unreachable`: no answer (network, timeout, 502/503/504); `refused`: 401/403. */
  readonly reason?: 'unreachable' | 'refused';
  /** The Git server's HTTP status, when it answered. */
  readonly status?: number;
  constructor(
    message: string,
    details: {
      reason?: 'unreachable' | 'refused';
      status?: number;
      cause?: unknown;
    } = {},
  ) {
    super(message, { cause: details.cause });
    this.reason = details.reason;
    this.status = details.status;
  }
}

async function collect(
  body: AsyncIterableIterator<Uint8Array> | Uint8Array[] | undefined,
): Promise<Buffer | undefined> {
  if (!body) return undefined;
  const chunks: Uint8Array[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array>)
    chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function* iterate(
  stream: ReadableStream<Uint8Array> | null,
  onBytes?: (bytes: number) => void,
): AsyncIterableIterator<Uint8Array> {
  if (!stream) return;
  for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) {
    onBytes?.(chunk.byteLength);
    yield chunk;
  }
}

/**
 * isomorphic-git's HTTP transport over fetch, with a per-request deadline so a hanging Git server
 * turns into a source error instead of a reconcile that never ends.
 * @public
 */
export function createGitHttpClient(options: {
  timeoutMs: number;
  onRequest?: (method: string) => void;
  onBytes?: (bytes: number) => void;
}): HttpClient {
  return {
    async request(request: GitHttpRequest): Promise<GitHttpResponse> {
      const method = request.method ?? 'GET';
      options.onRequest?.(method);
      let response: Response;
      try {
        response = await fetch(request.url, {
          method,
          headers: request.headers,
          body: await collect(request.body as any),
          signal: AbortSignal.timeout(options.timeoutMs),
        });
      } catch (error: any) {
        const reason =
          error?.name === 'TimeoutError'
            ? `no answer within ${options.timeoutMs} ms`
            : error?.cause?.code ?? error?.message;
        throw new SourceError(
          `Git server ${new URL(request.url).host} unreachable: ${reason}`,
          {
            reason: 'unreachable',
            // the deadline in words, as a network fault (fetch's own TimeoutError has neither)
            cause:
              error?.name === 'TimeoutError'
                ? Object.assign(new Error(reason), { code: 'ETIMEDOUT' })
                : error,
          },
        );
      }
      return {
        url: response.url,
        method,
        statusCode: response.status,
        statusMessage: response.statusText,
        headers: Object.fromEntries(response.headers.entries()),
        body: iterate(response.body, options.onBytes),
      };
    },
  };
}
