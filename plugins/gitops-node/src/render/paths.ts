import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { RenderError } from './errors';

/** Where an application's manifests live, resolved safely inside the checkout. */
export interface AppLocation {
  /** Real path of the checkout (symlinks resolved). */
  root: string;
  /** Real path of the application directory or file. */
  abs: string;
  /** Repository-relative POSIX path as the user wrote it, normalized ('.' for the root). */
  rel: string;
}

export function isInside(root: string, candidate: string): boolean {
  return candidate === root || candidate.startsWith(root + path.sep);
}

/** Repository-relative POSIX form of an absolute path below `root`. */
export function toRepoPath(root: string, abs: string): string {
  const rel = path.relative(root, abs);
  return rel === '' ? '.' : rel.split(path.sep).join('/');
}

/**
 * Normalizes a user-supplied repository path, refusing absolute paths and `..` escapes
 * before touching the file system.
 */
export function normalizeRepoPath(appPath: string): string {
  const slashed = appPath.replace(/\\/g, '/').trim();
  if (path.posix.isAbsolute(slashed) || /^[a-zA-Z]:/.test(slashed)) {
    throw new RenderError(
      `application path "${appPath}" must be relative to the repository root`,
    );
  }
  const normalized = path.posix.normalize(slashed === '' ? '.' : slashed);
  const trimmed = normalized.replace(/\/+$/, '') || '.';
  if (trimmed === '..' || trimmed.startsWith('../')) {
    throw new RenderError(
      `application path "${appPath}" points outside the repository`,
    );
  }
  return trimmed;
}

/**
 * Resolves symlinks of `abs` and refuses the result unless it stays inside `root`;
 * a symlink to /etc/passwd must never be read into a manifest or a ConfigMap.
 */
export async function realpathInside(
  root: string,
  abs: string,
  display: string,
): Promise<string> {
  let real: string;
  try {
    real = await realpath(abs);
  } catch (e) {
    if (isErrno(e, 'ENOENT')) {
      throw new RenderError(`${display}: not found in the repository`, {
        cause: e,
      });
    }
    if (isErrno(e, 'ELOOP')) {
      throw new RenderError(`${display}: symbolic link loop`, { cause: e });
    }
    throw e;
  }
  if (!isInside(root, real)) {
    throw new RenderError(
      `${display}: symbolic link resolves outside the repository`,
    );
  }
  return real;
}

export async function resolveAppPath(
  checkoutDir: string,
  appPath: string,
): Promise<AppLocation> {
  const rel = normalizeRepoPath(appPath);
  const root = await realpath(checkoutDir);
  const abs = await realpathInside(root, path.join(root, rel), rel);
  return { root, abs, rel };
}

export function isErrno(e: unknown, code: string): boolean {
  return (
    typeof e === 'object' &&
    e !== null &&
    (e as { code?: unknown }).code === code
  );
}
