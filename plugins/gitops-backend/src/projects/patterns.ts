import { repoKey } from '../applications/repoKey';

/**
 * Glob patterns of projects: `*` matches any run of characters but `/`, `**` any run at all.
 * A pattern starting with `!` excludes what it matches, so `['*', '!kube-*']` is every name but
 * the `kube-` ones.
 */
function globRegExp(pattern: string, caseInsensitive: boolean): RegExp {
  const source = pattern
    .split('**')
    .map(part =>
      part
        .split('*')
        .map(text => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]*'),
    )
    .join('.*');
  return new RegExp(`^${source}$`, caseInsensitive ? 'i' : '');
}

/** Whether `value` matches some pattern of the list and none of its `!` exclusions. */
export function matchesPatterns(
  patterns: string[],
  value: string,
  options: { caseInsensitive?: boolean } = {},
): boolean {
  const test = (p: string) =>
    globRegExp(p, options.caseInsensitive ?? false).test(value);
  const included = patterns.filter(p => !p.startsWith('!'));
  const excluded = patterns.filter(p => p.startsWith('!')).map(p => p.slice(1));
  return included.some(test) && !excluded.some(test);
}

/**
 * One spelling per repository for matching `sourceRepos`: scheme and host lowercased, default
 * port, `.` and `..` segments, percent-encoding, trailing slash, `.git` and repeated slashes
 * dropped. Matching ignores case, as the big Git hosts do in paths, so neither
 * `…/Team-A/shop.git` nor `…/team%2Da//shop` slips past a pattern for `…/team-a/*`.
 */
export function repositoryForMatching(url: string): string {
  let decoded = url;
  try {
    decoded = decodeURIComponent(url);
  } catch {
    // a malformed escape stays as written; the URL check refuses such a URL anyway
  }
  return repoKey(decoded).replace(/(?<!:)\/{2,}/g, '/');
}

/** A `sourceRepos` pattern in the same spelling (its globs kept). */
export function repositoryPatternForMatching(pattern: string): string {
  const negated = pattern.startsWith('!');
  const body = (negated ? pattern.slice(1) : pattern)
    .trim()
    .replace(/\/+$/, '')
    .replace(/\.git$/, '');
  return `${negated ? '!' : ''}${body}`;
}

/** Whether a repository URL matches a project's `sourceRepos`. */
export function repositoryMatches(patterns: string[], url: string): boolean {
  return matchesPatterns(
    patterns.map(repositoryPatternForMatching),
    repositoryForMatching(url),
    { caseInsensitive: true },
  );
}
