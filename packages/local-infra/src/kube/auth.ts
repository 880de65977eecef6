import type { IncomingMessage } from 'node:http';
import { timingSafeEqual } from 'node:crypto';

/** Bearer-token authentication (authentication docs: "Static Token File" style). */
export function hasValidToken(req: IncomingMessage, token: string): boolean {
  const header = req.headers.authorization ?? '';
  const m = /^Bearer\s+(.+)$/i.exec(header.trim());
  if (!m) return false;
  const given = Buffer.from(m[1]);
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}
