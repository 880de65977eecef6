const SHA = '1'.repeat(40);

/** Trimmed-down push payloads in each provider's shape. */
export const PAYLOADS = {
  github: {
    ref: 'refs/heads/main',
    after: SHA,
    repository: {
      clone_url: 'https://GitHub.com/Team/shop-config.git',
      html_url: 'https://github.com/Team/shop-config',
    },
  },
  gitlab: {
    object_kind: 'push',
    ref: 'refs/heads/release/1.x',
    after: SHA,
    project: {
      git_http_url: 'https://gitlab.example.com/team/shop-config.git',
      web_url: 'https://gitlab.example.com/team/shop-config',
    },
  },
  gitea: {
    ref: 'refs/heads/main',
    after: SHA,
    repository: {
      clone_url: 'http://127.0.0.1:3000/team/shop-config.git/',
      html_url: 'http://127.0.0.1:3000/team/shop-config',
    },
  },
  bitbucket: {
    eventKey: 'repo:refs_changed',
    repository: {
      links: {
        clone: [
          {
            href: 'ssh://git@bitbucket.example.com:7999/team/shop-config.git',
            name: 'ssh',
          },
          {
            href: 'https://bitbucket.example.com/scm/team/shop-config.git',
            name: 'http',
          },
        ],
      },
    },
    changes: [
      {
        ref: { id: 'refs/heads/main', displayId: 'main', type: 'BRANCH' },
        refId: 'refs/heads/main',
        type: 'UPDATE',
      },
      {
        ref: { id: 'refs/heads/dev', displayId: 'dev', type: 'BRANCH' },
        refId: 'refs/heads/dev',
        type: 'ADD',
      },
      {
        ref: { id: 'refs/heads/old', displayId: 'old', type: 'BRANCH' },
        refId: 'refs/heads/old',
        type: 'DELETE',
      },
      {
        ref: { id: 'refs/tags/v1', displayId: 'v1', type: 'TAG' },
        refId: 'refs/tags/v1',
        type: 'ADD',
      },
    ],
  },
  generic: {
    repoUrl: 'https://git.example.com/team/shop-config.git',
    ref: 'main',
  },
};

/**
 * A payload as the provider sends it at `now`: GitHub's `repository.pushed_at` and Bitbucket
 * Server's `date` (the signed times the receiver bounds replays with) set to that moment.
 */
export function sentAt<T>(provider: string, payload: T, now = new Date()): T {
  const value = payload as Record<string, any>;
  if (provider === 'github' && value.repository)
    return {
      ...value,
      repository: {
        ...value.repository,
        pushed_at: Math.floor(now.getTime() / 1000),
      },
    } as T;
  if (provider === 'bitbucket')
    return { ...value, date: now.toISOString() } as T;
  return payload;
}
