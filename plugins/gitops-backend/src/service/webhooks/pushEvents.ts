import { InputError } from '@backstage/errors';
import { repoKey } from '../../applications/repoKey';
import { WebhookProvider } from './providers';

/** What a verified delivery asks for: reconcile the apps following these branches, or nothing. */
export type PushEvent =
  | { kind: 'push'; repoUrl: string; branches: string[] }
  | { kind: 'ignored'; reason: string };

/** Event-type header values that announce a branch push; every other event is acknowledged and ignored. */
const PUSH_EVENT_TYPES: Record<WebhookProvider, string[] | undefined> = {
  github: ['push'],
  gitea: ['push'],
  gitlab: ['Push Hook'],
  bitbucket: ['repo:refs_changed'],
  generic: undefined,
};

const ZERO_SHA = /^0{40}$/;
// eslint-disable-next-line no-control-regex -- control characters are exactly what a branch name may not hold
const BRANCH_NAME = /^[^\s\x00-\x1f\x7f~^:?*[\\]{1,255}$/;

function field(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (
      typeof current !== 'object' ||
      current === null ||
      Array.isArray(current)
    )
      return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** `refs/heads/main` → `main`; tags and other refs (pull requests, notes) → undefined. */
function branchOf(ref: unknown, allowBareName: boolean): string | undefined {
  const value = text(ref);
  if (!value) return undefined;
  if (value.startsWith('refs/heads/')) {
    const branch = value.slice('refs/heads/'.length);
    return BRANCH_NAME.test(branch) ? branch : undefined;
  }
  if (allowBareName && !value.startsWith('refs/') && BRANCH_NAME.test(value))
    return value;
  return undefined;
}

/** The first http(s) URL among the candidates: apps follow repositories over HTTPS integrations. */
function httpUrl(...candidates: unknown[]): string | undefined {
  for (const candidate of candidates) {
    const value = text(candidate);
    if (!value) continue;
    try {
      const url = new URL(value);
      if (url.protocol === 'https:' || url.protocol === 'http:') return value;
    } catch {
      // not a URL; try the next form
    }
  }
  return undefined;
}

function repositoryUrl(
  provider: WebhookProvider,
  payload: unknown,
): string | undefined {
  switch (provider) {
    case 'github':
    case 'gitea':
      return httpUrl(
        field(payload, 'repository', 'clone_url'),
        field(payload, 'repository', 'html_url'),
      );
    case 'gitlab':
      return httpUrl(
        field(payload, 'project', 'git_http_url'),
        field(payload, 'project', 'web_url'),
        field(payload, 'repository', 'git_http_url'),
      );
    case 'bitbucket': {
      const clone = field(payload, 'repository', 'links', 'clone');
      const links = Array.isArray(clone) ? clone : [];
      const http = links.find(link => field(link, 'name') === 'http');
      return httpUrl(
        field(http, 'href'),
        ...links.map(link => field(link, 'href')),
      );
    }
    case 'generic':
    default:
      return httpUrl(field(payload, 'repoUrl'));
  }
}

/** Branches a push updated; deletions are left out (nothing to deploy from a deleted branch). */
function pushedBranches(
  provider: WebhookProvider,
  payload: unknown,
): { branches: string[]; refs: number } {
  if (provider === 'bitbucket') {
    const changes = field(payload, 'changes');
    const list = Array.isArray(changes) ? changes : [];
    const branches = list
      .filter(change => field(change, 'type') !== 'DELETE')
      .map(change =>
        branchOf(field(change, 'ref', 'id') ?? field(change, 'refId'), false),
      )
      .filter((branch): branch is string => branch !== undefined);
    return { branches: [...new Set(branches)], refs: list.length };
  }
  const ref = field(payload, 'ref');
  if (ref === undefined) return { branches: [], refs: 0 };
  const after = text(field(payload, 'after'));
  if (field(payload, 'deleted') === true || (after && ZERO_SHA.test(after)))
    return { branches: [], refs: 1 };
  const branch = branchOf(ref, provider === 'generic');
  return { branches: branch ? [branch] : [], refs: 1 };
}

/**
 * Reads a verified delivery. Non-push events (pings, issues, tag pushes, branch deletions) are
 * `ignored`; a push without a usable repository URL or ref is an InputError (400).
 */
export function readPushEvent(
  provider: WebhookProvider,
  eventType: string | undefined,
  payload: unknown,
): PushEvent {
  const pushTypes = PUSH_EVENT_TYPES[provider];
  if (pushTypes && eventType !== undefined && !pushTypes.includes(eventType)) {
    return {
      kind: 'ignored',
      reason: `event ${eventType} is not a branch push`,
    };
  }
  if (
    typeof payload !== 'object' ||
    payload === null ||
    Array.isArray(payload)
  ) {
    throw new InputError('payload: expected a JSON object');
  }
  const { branches, refs } = pushedBranches(provider, payload);
  if (refs === 0)
    throw new InputError(
      provider === 'bitbucket'
        ? 'changes: no ref changes in payload'
        : 'ref: missing in payload',
    );
  if (branches.length === 0)
    return {
      kind: 'ignored',
      reason: 'no branch was updated (tag push, deletion or other ref)',
    };
  const url = repositoryUrl(provider, payload);
  if (!url)
    throw new InputError(
      provider === 'generic'
        ? 'repoUrl: expected an http(s) URL'
        : 'repository: no http(s) clone URL in payload',
    );
  return { kind: 'push', repoUrl: repoKey(url), branches };
}
