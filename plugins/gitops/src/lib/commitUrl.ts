/** First 7 characters of a commit SHA, the length Git hosts show. */
export function shortSha(sha: string | undefined): string {
  return sha ? sha.slice(0, 7) : '';
}

/** Turns `git@host:org/repo.git` and `ssh://git@host/org/repo` into an https web address. */
function toWebBase(repoUrl: string): URL | undefined {
  let text = repoUrl.trim();
  const scpLike = /^[\w.-]+@([\w.-]+):(.+)$/.exec(text);
  if (scpLike) {
    text = `https://${scpLike[1]}/${scpLike[2]}`;
  }
  try {
    const url = new URL(text);
    if (url.protocol === 'ssh:' || url.protocol === 'git:') {
      return new URL(`https://${url.hostname}${url.pathname}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return undefined;
    }
    // Credentials never belong in a link shown to users.
    url.username = '';
    url.password = '';
    url.search = '';
    url.hash = '';
    return url;
  } catch {
    return undefined;
  }
}

/**
 * Web page of a commit in the repository's hosting UI, derived from the clone URL.
 * Hosts are recognised by name; anything else gets the `<repo>/commit/<sha>` form that GitHub,
 * Gitea, Forgejo, Gogs and Azure DevOps share. Undefined when no web address can be derived.
 */
export function commitUrl(repoUrl: string, sha: string): string | undefined {
  const base = toWebBase(repoUrl);
  if (!base || !sha) {
    return undefined;
  }
  const host = base.hostname.toLowerCase();
  const path = base.pathname.replace(/\/+$/, '').replace(/\.git$/, '');
  const origin = `${base.protocol}//${base.host}`;
  const commit = encodeURIComponent(sha);

  if (host.includes('gitlab')) {
    return `${origin}${path}/-/commit/${commit}`;
  }
  if (host === 'bitbucket.org') {
    return `${origin}${path}/commits/${commit}`;
  }
  // Bitbucket Server / Data Center clones from /scm/<project>/<repo>.
  const bitbucketServer = /^(.*)\/scm\/([^/]+)\/([^/]+)$/.exec(path);
  if (bitbucketServer && host.includes('bitbucket')) {
    const [, prefix, project, repo] = bitbucketServer;
    return `${origin}${prefix}/projects/${project}/repos/${repo}/commits/${commit}`;
  }
  return `${origin}${path}/commit/${commit}`;
}
