import { readPushEvent } from './pushEvents';
import { WebhookProvider } from './providers';
import { PAYLOADS } from '../__testUtils__/pushPayloads';

describe('readPushEvent', () => {
  it.each<
    [
      WebhookProvider,
      string | undefined,
      unknown,
      ReturnType<typeof readPushEvent>,
    ]
  >([
    [
      'github',
      'push',
      PAYLOADS.github,
      {
        kind: 'push',
        repoUrl: 'https://github.com/Team/shop-config',
        branches: ['main'],
      },
    ],
    [
      'gitlab',
      'Push Hook',
      PAYLOADS.gitlab,
      {
        kind: 'push',
        repoUrl: 'https://gitlab.example.com/team/shop-config',
        branches: ['release/1.x'],
      },
    ],
    [
      'gitea',
      'push',
      PAYLOADS.gitea,
      {
        kind: 'push',
        repoUrl: 'http://127.0.0.1:3000/team/shop-config',
        branches: ['main'],
      },
    ],
    [
      'bitbucket',
      'repo:refs_changed',
      PAYLOADS.bitbucket,
      {
        kind: 'push',
        repoUrl: 'https://bitbucket.example.com/scm/team/shop-config',
        branches: ['main', 'dev'],
      },
    ],
    [
      'generic',
      undefined,
      PAYLOADS.generic,
      {
        kind: 'push',
        repoUrl: 'https://git.example.com/team/shop-config',
        branches: ['main'],
      },
    ],
    [
      'generic',
      undefined,
      { ...PAYLOADS.generic, ref: 'refs/heads/feature/x' },
      {
        kind: 'push',
        repoUrl: 'https://git.example.com/team/shop-config',
        branches: ['feature/x'],
      },
    ],
    [
      'github',
      undefined,
      {
        ...PAYLOADS.github,
        repository: { html_url: 'https://github.com/team/shop-config/' },
      },
      {
        kind: 'push',
        repoUrl: 'https://github.com/team/shop-config',
        branches: ['main'],
      },
    ],
  ])('%s %s push → %j', (provider, eventType, payload, expected) => {
    expect(readPushEvent(provider, eventType, payload)).toEqual(expected);
  });

  it.each<[string, WebhookProvider, string | undefined, unknown]>([
    ['a GitHub ping', 'github', 'ping', { zen: 'hi', hook_id: 1 }],
    [
      'a GitHub tag push',
      'github',
      'push',
      { ...PAYLOADS.github, ref: 'refs/tags/v1.0.0' },
    ],
    [
      'a GitHub branch deletion',
      'github',
      'push',
      { ...PAYLOADS.github, deleted: true, after: '0'.repeat(40) },
    ],
    [
      'a GitLab tag push hook',
      'gitlab',
      'Tag Push Hook',
      { ...PAYLOADS.gitlab, ref: 'refs/tags/v1' },
    ],
    [
      'a GitLab merge request',
      'gitlab',
      'Merge Request Hook',
      { object_kind: 'merge_request' },
    ],
    [
      'a GitLab branch deletion',
      'gitlab',
      'Push Hook',
      { ...PAYLOADS.gitlab, after: '0'.repeat(40) },
    ],
    [
      'a Gitea tag push',
      'gitea',
      'push',
      { ...PAYLOADS.gitea, ref: 'refs/tags/v2' },
    ],
    ['a Bitbucket ping', 'bitbucket', 'diagnostics:ping', { test: true }],
    [
      'a Bitbucket tag-only change',
      'bitbucket',
      'repo:refs_changed',
      { ...PAYLOADS.bitbucket, changes: [PAYLOADS.bitbucket.changes[3]] },
    ],
    [
      'a pull request ref',
      'generic',
      undefined,
      { ...PAYLOADS.generic, ref: 'refs/pull/1/head' },
    ],
  ])('ignores %s', (_label, provider, eventType, payload) => {
    expect(readPushEvent(provider, eventType, payload)).toMatchObject({
      kind: 'ignored',
    });
  });

  it.each<[string, WebhookProvider, unknown, string]>([
    ['a JSON array', 'github', [], 'payload: expected a JSON object'],
    [
      'a push without ref',
      'github',
      { repository: PAYLOADS.github.repository },
      'ref: missing in payload',
    ],
    [
      'a push without repository',
      'github',
      { ref: 'refs/heads/main' },
      'repository: no http(s) clone URL in payload',
    ],
    [
      'an ssh-only repository',
      'gitlab',
      {
        ref: 'refs/heads/main',
        project: { git_ssh_url: 'git@gitlab.example.com:t/r.git' },
      },
      'repository: no http(s) clone URL',
    ],
    [
      'a generic push with a file URL',
      'generic',
      { repoUrl: 'file:///etc/passwd', ref: 'main' },
      'repoUrl: expected an http(s) URL',
    ],
    [
      'a Bitbucket event without changes',
      'bitbucket',
      { repository: PAYLOADS.bitbucket.repository },
      'changes: no ref changes in payload',
    ],
  ])('refuses %s', (_label, provider, payload, message) => {
    expect(() => readPushEvent(provider, undefined, payload)).toThrow(message);
  });
});
