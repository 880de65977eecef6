import { timingSafeEqual } from 'node:crypto';

export type GitServerAuth =
  | { username: string; password: string }
  | { token: string };

export type AuthResult = { ok: true; user?: string } | { ok: false };

/** Sent with every 401 so that clients (git CLI, isomorphic-git) retry with credentials. */
export const AUTH_CHALLENGE = 'Basic realm="local-git", charset="UTF-8"';

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

function parseBasic(
  value: string,
): { username: string; password: string } | undefined {
  let decoded: string;
  try {
    decoded = Buffer.from(value, 'base64').toString('utf8');
  } catch {
    return undefined;
  }
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return {
    username: decoded.slice(0, colon),
    password: decoded.slice(colon + 1),
  };
}

/**
 * Checks an Authorization header against the configured credentials.
 * - no `auth` configured: everyone is let in (anonymous, no REMOTE_USER);
 * - username/password: HTTP Basic must match both;
 * - token: `Bearer <token>`, or Basic with the token as password (any
 *   username), or the token as username with an empty password, which is how
 *   many clients send personal access tokens.
 */
export function checkAuthorization(
  header: string | undefined,
  auth: GitServerAuth | undefined,
): AuthResult {
  if (!auth) return { ok: true };
  if (!header) return { ok: false };
  const space = header.indexOf(' ');
  const scheme = (space < 0 ? header : header.slice(0, space)).toLowerCase();
  const value = space < 0 ? '' : header.slice(space + 1).trim();

  if ('token' in auth) {
    if (scheme === 'bearer') {
      return sameSecret(value, auth.token)
        ? { ok: true, user: 'token' }
        : { ok: false };
    }
    if (scheme !== 'basic') return { ok: false };
    const creds = parseBasic(value);
    if (!creds) return { ok: false };
    if (sameSecret(creds.password, auth.token)) {
      return { ok: true, user: creds.username || 'token' };
    }
    if (creds.password === '' && sameSecret(creds.username, auth.token)) {
      return { ok: true, user: 'token' };
    }
    return { ok: false };
  }

  if (scheme !== 'basic') return { ok: false };
  const creds = parseBasic(value);
  if (!creds) return { ok: false };
  const match =
    sameSecret(creds.username, auth.username) &&
    sameSecret(creds.password, auth.password);
  return match ? { ok: true, user: creds.username } : { ok: false };
}
