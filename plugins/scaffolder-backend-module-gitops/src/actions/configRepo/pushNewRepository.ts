import { ConflictError, InputError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import git from 'isomorphic-git';
import fs from 'node:fs';
import {
  createGitHttpClient,
  credentialsFor,
} from '@backstage-gitops/plugin-gitops-node';
import { RepoFiles } from './layout';

export interface PushNewRepositoryOptions {
  integrations: ScmIntegrationRegistry;
  repoUrl: string;
  branch: string;
  /** An empty folder; the repository is initialised in it. */
  dir: string;
  files: RepoFiles;
  message: string;
  author: { name: string; email: string };
  timeoutMs?: number;
}

/** A push the remote refused, or a remote that could not be reached. */
export class PushError extends Error {
  name = 'PushError';
}

type GitError = Error & {
  code?: string;
  data?: { statusCode?: number; reason?: string; prettyDetails?: string };
};

/**
 * Commits `files` as the first commit of `branch` and pushes it through the credentials of the
 * integration that serves the URL. The branch must not exist on the remote: this writes new
 * repositories, it never rewrites or extends someone's history.
 */
export async function pushNewRepository(
  options: PushNewRepositoryOptions,
): Promise<string> {
  const { repoUrl, branch, dir } = options;
  const credentials = credentialsFor(options.integrations, repoUrl); // throws when no integration matches
  const host = new URL(repoUrl).host;
  const http = createGitHttpClient({ timeoutMs: options.timeoutMs ?? 60_000 });
  // Without configured credentials there is nothing to answer a challenge with; stop instead of retrying.
  const onAuth = () => credentials ?? { cancel: true };
  const onAuthFailure = () => ({ cancel: true });

  if (
    await remoteHasBranch({
      http,
      url: repoUrl,
      branch,
      onAuth,
      onAuthFailure,
      host,
    })
  ) {
    throw new ConflictError(
      `Repository ${repoUrl} already has commits on branch '${branch}'; gitops:config-repo:create only writes new or empty repositories`,
    );
  }

  await git.init({ fs, dir, defaultBranch: branch });
  for (const file of Object.keys(options.files))
    await git.add({ fs, dir, filepath: file });
  const sha = await git.commit({
    fs,
    dir,
    message: options.message,
    author: options.author,
  });

  try {
    const result = await git.push({
      fs,
      http,
      dir,
      url: repoUrl,
      ref: branch,
      remoteRef: `refs/heads/${branch}`,
      onAuth,
      onAuthFailure,
    });
    const refError = result.refs?.[`refs/heads/${branch}`]?.error;
    if (!result.ok || refError)
      throw new PushError(
        `Push to ${repoUrl} was rejected: ${
          refError ?? result.error ?? 'unknown reason'
        }`,
      );
  } catch (error) {
    throw describeGitError(error as GitError, repoUrl, host, 'push to');
  }
  return sha;
}

async function remoteHasBranch(opts: {
  http: ReturnType<typeof createGitHttpClient>;
  url: string;
  branch: string;
  host: string;
  onAuth: () => object;
  onAuthFailure: () => object;
}): Promise<boolean> {
  try {
    const refs = await git.listServerRefs({
      http: opts.http,
      url: opts.url,
      prefix: `refs/heads/${opts.branch}`,
      onAuth: opts.onAuth,
      onAuthFailure: opts.onAuthFailure,
      protocolVersion: 2,
    });
    return refs.some(r => r.ref === `refs/heads/${opts.branch}`);
  } catch (error) {
    const gitError = error as GitError;
    // Hosts that create repositories on push answer 404 until the first push.
    if (gitError.code === 'HttpError' && gitError.data?.statusCode === 404)
      return false;
    throw describeGitError(gitError, opts.url, opts.host, 'read');
  }
}

function describeGitError(
  error: GitError,
  repoUrl: string,
  host: string,
  verb: string,
): Error {
  if (error instanceof PushError || error instanceof InputError) return error;
  const status = error.data?.statusCode;
  if (error.code === 'UserCanceledError' || status === 401 || status === 403) {
    return new PushError(
      `Cannot ${verb} ${repoUrl}: the credentials of the integration for ${host} are missing or were refused`,
    );
  }
  if (status === 404) {
    return new PushError(
      `Repository ${repoUrl} does not exist and ${host} does not create repositories on push; create it (empty) first`,
    );
  }
  if (error.code === 'PushRejectedError') {
    return new PushError(
      `Push to ${repoUrl} was rejected (${error.data?.reason}): the branch appeared on the remote meanwhile`,
    );
  }
  if (error.code === 'GitPushError') {
    const details = (error.data?.prettyDetails ?? error.message)
      .replace(/\s*\n\s*(- )?/g, ' ')
      .trim();
    return new PushError(`Push to ${repoUrl} was rejected: ${details}`);
  }
  return new PushError(`Cannot ${verb} ${repoUrl}: ${error.message}`);
}
