/**
 * One spelling per repository, so a webhook's clone URL matches the URL an annotation names:
 * lowercase scheme and host, no credentials, no trailing slash or `.git`.
 */
export function repoKey(url: string): string {
  try {
    const parsed = new URL(url);
    const path = parsed.pathname.replace(/\/+$/, '').replace(/\.git$/, '');
    return `${parsed.protocol}//${parsed.host.toLowerCase()}${path}`;
  } catch {
    return url
      .trim()
      .replace(/\/+$/, '')
      .replace(/\.git$/, '');
  }
}
