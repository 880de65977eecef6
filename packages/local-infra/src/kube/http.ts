import type { IncomingMessage, ServerResponse } from 'node:http';
import { internalError, KubeError, requestEntityTooLarge } from './status';

const BODY_LIMIT = 3 * 1024 * 1024; // the API server's default max request body

export async function readBody(req: IncomingMessage): Promise<string> {
  return (await readBodyBytes(req)).toString('utf8');
}

export function readBodyBytes(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > BODY_LIMIT) reject(requestEntityTooLarge());
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function sendJson(
  res: ServerResponse,
  code: number,
  body: unknown,
  contentType = 'application/json',
  headers: Record<string, string> = {},
) {
  const text = JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-cache, private',
    ...headers,
  });
  res.end(text);
}

export function sendError(res: ServerResponse, err: unknown) {
  const kubeErr =
    err instanceof KubeError
      ? err
      : internalError(err instanceof Error ? err.message : String(err));
  if (!(err instanceof KubeError))
    console.error('local kube api: unexpected error', err);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(
    res,
    kubeErr.code,
    kubeErr.body,
    'application/json',
    kubeErr.headers,
  );
}
