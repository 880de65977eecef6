/**
 * Pure validation of repository names, file paths inside a commit, and the
 * URL paths that smart-HTTP clients send. Nothing here touches the disk.
 */

export class InvalidPathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidPathError';
  }
}

// Control characters and backslashes are never legitimate in our names; they
// are the usual ingredients of traversal tricks on other platforms.
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHARS = /[\u0000-\u001f\u007f\\]/;

/** Splits a relative slash path and rejects empty, `.` and `..` segments. */
function checkedSegments(value: string, what: string): string[] {
  if (value.length === 0) throw new InvalidPathError(`${what} is empty`);
  if (value.startsWith('/')) {
    throw new InvalidPathError(`${what} must be relative: ${value}`);
  }
  if (FORBIDDEN_CHARS.test(value)) {
    throw new InvalidPathError(`${what} contains forbidden characters`);
  }
  const segments = value.split('/');
  for (const segment of segments) {
    if (segment === '' || segment === '.' || segment === '..') {
      throw new InvalidPathError(`${what} has an invalid segment: ${value}`);
    }
  }
  return segments;
}

/**
 * Canonical repository name: slash-separated, without the `.git` suffix
 * (a trailing `.git` is accepted and dropped, so `app` and `app.git` are one repo).
 */
export function normalizeRepoName(name: string): string {
  const stripped = name.endsWith('.git') ? name.slice(0, -4) : name;
  const segments = checkedSegments(stripped, 'Repository name');
  // An inner segment ending in .git would make the URL ambiguous: the server
  // takes the first `*.git` segment as the end of the repository name.
  if (segments.some(s => s.endsWith('.git'))) {
    throw new InvalidPathError(
      `Repository name has an inner .git segment: ${name}`,
    );
  }
  return segments.join('/');
}

/** A file path inside a commit's tree: relative, no traversal, no `.git` dir. */
export function normalizeFilePath(path: string): string {
  const segments = checkedSegments(path, 'File path');
  if (segments.some(s => s.toLowerCase() === '.git')) {
    throw new InvalidPathError(
      `File path may not contain a .git segment: ${path}`,
    );
  }
  return segments.join('/');
}

export type ParsedGitPath =
  | { kind: 'repo'; repo: string; rest: string }
  | { kind: 'invalid'; reason: string }
  | { kind: 'unknown' };

// What follows the repository in smart-HTTP (and dumb-HTTP) URLs.
const SERVICE_SUFFIX =
  /^(.+?)\/(info\/refs|git-upload-pack|git-receive-pack|HEAD|objects\/.+|info\/.+)$/;

/**
 * Maps a request pathname (still percent-encoded) to the repository it
 * addresses and the remainder handed to `git http-backend`.
 * `/team/app.git/info/refs` → repo `team/app`, rest `info/refs`.
 * URLs without `.git` are accepted when they end in a known service suffix.
 */
export function parseGitRequestPath(rawPathname: string): ParsedGitPath {
  let pathname: string;
  try {
    pathname = decodeURIComponent(rawPathname);
  } catch {
    return { kind: 'invalid', reason: 'malformed percent-encoding' };
  }
  if (!pathname.startsWith('/'))
    return { kind: 'invalid', reason: 'not absolute' };
  const relative = pathname.slice(1);
  if (relative === '') return { kind: 'unknown' };
  try {
    checkedSegments(relative, 'Request path');
  } catch (e) {
    return { kind: 'invalid', reason: (e as Error).message };
  }

  const segments = relative.split('/');
  const gitIndex = segments.findIndex(s => s.endsWith('.git') && s !== '.git');
  if (gitIndex >= 0 && gitIndex < segments.length - 1) {
    const repo = segments
      .slice(0, gitIndex + 1)
      .join('/')
      .slice(0, -4);
    return { kind: 'repo', repo, rest: segments.slice(gitIndex + 1).join('/') };
  }
  const match = SERVICE_SUFFIX.exec(relative);
  if (match) return { kind: 'repo', repo: match[1], rest: match[2] };
  return { kind: 'unknown' };
}

/** Which git service a request is about, for the request log. */
export function serviceOf(
  rest: string,
  query: URLSearchParams,
): string | undefined {
  const fromQuery = query.get('service');
  if (fromQuery) return fromQuery;
  if (rest === 'git-upload-pack' || rest === 'git-receive-pack') return rest;
  return undefined;
}
