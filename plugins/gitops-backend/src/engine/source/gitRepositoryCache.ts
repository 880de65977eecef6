import { CommitInfo } from '@backstage-gitops/plugin-gitops-common';
import { ScmIntegrationRegistry } from '@backstage/integration';
import git, { HttpClient } from 'isomorphic-git';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  credentialsFor,
  integrationFor,
} from '@backstage-gitops/plugin-gitops-node';
import {
  createGitHttpClient,
  SourceError,
} from '@backstage-gitops/plugin-gitops-node';
import { KeyedMutex } from './keyedMutex';
import { pruneTrees, writeCommitTree, WrittenTree } from './treeWriter';

const SHA = /^[0-9a-f]{40}$/;

export interface Checkout {
  /** A read-only folder holding the repository tree at `revision`. */
  dir: string;
  revision: string;
  commit: CommitInfo;
}

export interface SourceMetrics {
  requests: number;
  fetches: number;
  /** Response bytes from Git servers: a fetch of one new commit should cost kilobytes, not the tree. */
  bytesReceived: number;
}

/** The remote has no such commit on the ref that was fetched (as opposed to a remote that cannot be read). */
export class UnknownCommitError extends SourceError {
  name = 'UnknownCommitError';
}

/** Trees kept on disk per repository; older ones are removed (and written again if asked for). */
const TREES_KEPT = 20;
const COMMITS_REMEMBERED = 1000;

/**
 * On-disk Git cache: one bare repository per remote, shared by every application of that remote,
 * with fetches serialized per remote. The first fetch is shallow; later ones send the branch tip
 * they have, so one new commit costs one small pack. Trees are materialized once per commit, never
 * changed, and share the unchanged files of the tree written before them (hard links).
 * @alpha
 */
export class GitRepositoryCache {
  private readonly mutex = new KeyedMutex();
  private readonly http: HttpClient;
  /** Ref lookups in flight, shared by every application asking for the same (repository, ref). */
  private readonly lookups = new Map<string, Promise<string>>();
  /** The tree written last per repository: the next one links its unchanged files. */
  private readonly lastTree = new Map<string, WrittenTree>();
  /** Commit details by SHA (immutable), so a check of an unchanged commit reads nothing from disk. */
  private readonly commits = new Map<string, CommitInfo>();
  readonly metrics: SourceMetrics = {
    requests: 0,
    fetches: 0,
    bytesReceived: 0,
  };

  constructor(
    private readonly options: {
      cacheDir: string;
      integrations: ScmIntegrationRegistry;
      timeoutMs?: number;
      /** Called after every fetch attempt, for the fetch-duration metric. */
      onFetch?: (durationMs: number, ok: boolean) => void;
    },
  ) {
    this.http = createGitHttpClient({
      timeoutMs: options.timeoutMs ?? 30_000,
      onRequest: () => this.metrics.requests++,
      onBytes: bytes => (this.metrics.bytesReceived += bytes),
    });
  }

  /**
   * Credentials go with the first request (as `git` does once it has them), which halves the
   * requests of every ref lookup; `onAuth` still answers a challenge, and cancels without them.
   */
  private auth(repoUrl: string) {
    const credentials = credentialsFor(this.options.integrations, repoUrl);
    const headers: Record<string, string> = credentials
      ? {
          authorization: `Basic ${Buffer.from(
            `${credentials.username}:${credentials.password}`,
          ).toString('base64')}`,
        }
      : {};
    return { headers, onAuth: () => credentials ?? { cancel: true } };
  }

  private repoDir(repoUrl: string) {
    return path.join(
      this.options.cacheDir,
      createHash('sha256').update(repoUrl).digest('hex').slice(0, 24),
    );
  }

  private describe(error: any, repoUrl: string): Error {
    if (error instanceof SourceError || error?.name === 'InputError')
      return error;
    const status = error?.data?.statusCode;
    if (status === 401 || status === 403)
      return new SourceError(
        `Git server refused the credentials for ${repoUrl} (HTTP ${status})`,
        { reason: 'refused', status },
      );
    if (status)
      return new SourceError(
        `Git server answered HTTP ${status} for ${repoUrl}`,
        {
          reason: [502, 503, 504].includes(status) ? 'unreachable' : undefined,
          status,
        },
      );
    return new SourceError(
      `Cannot read ${repoUrl}: ${error?.message ?? error}`,
    );
  }

  /** The commit a branch, tag or SHA points to on the remote: one ref advertisement, no fetch. */
  async resolveRevision(repoUrl: string, ref: string): Promise<string> {
    integrationFor(this.options.integrations, repoUrl);
    if (SHA.test(ref)) return ref;
    const key = `${repoUrl}\0${ref}`;
    let lookup = this.lookups.get(key);
    if (!lookup) {
      lookup = this.lookUp(repoUrl, ref).finally(() =>
        this.lookups.delete(key),
      );
      this.lookups.set(key, lookup);
    }
    return lookup;
  }

  private async lookUp(repoUrl: string, ref: string): Promise<string> {
    let refs: Array<{ ref: string; oid: string; peeled?: string }>;
    try {
      refs = await git.listServerRefs({
        http: this.http,
        url: repoUrl,
        ...this.auth(repoUrl),
        peelTags: true,
        protocolVersion: 1,
      });
    } catch (error) {
      throw this.describe(error, repoUrl);
    }
    for (const name of [`refs/heads/${ref}`, `refs/tags/${ref}`, ref]) {
      const match = refs.find(r => r.ref === name);
      if (match) return match.peeled ?? match.oid;
    }
    throw new SourceError(`Ref '${ref}' does not exist in ${repoUrl}`);
  }

  /** Makes sure `revision` is in the cache, fetching what is missing (no tree is written). */
  async fetchRevision(
    repoUrl: string,
    ref: string,
    revision: string,
  ): Promise<void> {
    const gitdir = this.repoDir(repoUrl);
    await this.mutex.run(gitdir, () =>
      this.ensureCommit(gitdir, repoUrl, ref, revision),
    );
  }

  /** Fetches what is missing and returns the tree at `revision`. */
  async checkout(
    repoUrl: string,
    ref: string,
    revision: string,
  ): Promise<Checkout> {
    const gitdir = this.repoDir(repoUrl);
    return this.mutex.run(gitdir, async () => {
      const dir = path.join(gitdir, 'trees', revision);
      // a tree on disk means its commit is in the cache: a drift check reads no Git object
      if (!fs.existsSync(dir)) {
        await this.ensureCommit(gitdir, repoUrl, ref, revision);
        await this.materialize(gitdir, revision, dir);
      }
      return { dir, revision, commit: await this.commitInfo(gitdir, revision) };
    });
  }

  private async ensureCommit(
    gitdir: string,
    repoUrl: string,
    ref: string,
    revision: string,
  ) {
    if (!fs.existsSync(path.join(gitdir, 'HEAD'))) {
      await fs.promises.mkdir(gitdir, { recursive: true });
      await git.init({ fs, gitdir, bare: true, defaultBranch: 'main' });
      await git.addRemote({
        fs,
        gitdir,
        remote: 'origin',
        url: repoUrl,
        force: true,
      });
    }
    if (!(await this.hasCommit(gitdir, revision)))
      await this.fetch(gitdir, repoUrl, ref, revision);
  }

  private async hasBranch(gitdir: string, branch: string) {
    try {
      return await this.hasCommit(
        gitdir,
        await git.resolveRef({ fs, gitdir, ref: `refs/heads/${branch}` }),
      );
    } catch {
      return false;
    }
  }

  private async hasCommit(gitdir: string, oid: string) {
    try {
      await git.readCommit({ fs, gitdir, oid });
      return true;
    } catch {
      return false;
    }
  }

  private async fetch(
    gitdir: string,
    url: string,
    ref: string,
    revision: string,
  ) {
    const branch = SHA.test(ref) ? undefined : ref;
    // The first fetch is shallow; an older pinned revision needs more history, then all of it.
    // Later fetches of a branch offer the tip fetched before as a 'have' (isomorphic-git takes it
    // from refs/heads/<ref>, written below) and ask for no depth: the server then walks back to
    // that tip and sends only what changed. (With a depth it sends the whole tree again. A branch
    // rewritten to unrelated history costs its full history, once.)
    const tip = branch && (await this.hasBranch(gitdir, branch));
    for (const depth of tip ? [undefined] : [1, 50, undefined]) {
      this.metrics.fetches++;
      const started = Date.now();
      try {
        await git.fetch({
          fs,
          http: this.http,
          gitdir,
          remote: 'origin',
          url,
          ref: branch,
          singleBranch: Boolean(branch),
          depth,
          tags: false,
          ...this.auth(url),
          relative: false,
        });
        this.options.onFetch?.(Date.now() - started, true);
      } catch (error) {
        this.options.onFetch?.(Date.now() - started, false);
        throw this.describe(error, url);
      }
      if (await this.hasCommit(gitdir, revision)) {
        if (branch)
          await git.writeRef({
            fs,
            gitdir,
            ref: `refs/heads/${branch}`,
            value: revision,
            force: true,
          });
        return;
      }
    }
    throw new UnknownCommitError(
      `Commit ${revision} is not reachable from '${ref}' in ${url}`,
    );
  }

  private async materialize(gitdir: string, revision: string, dir: string) {
    const written = await writeCommitTree({
      gitdir,
      revision,
      dir,
      previous: this.lastTree.get(gitdir),
    });
    this.lastTree.set(gitdir, written);
    await pruneTrees(path.dirname(dir), TREES_KEPT, revision);
  }

  private async commitInfo(gitdir: string, oid: string): Promise<CommitInfo> {
    const known = this.commits.get(oid);
    if (known) return known;
    const { commit } = await git.readCommit({ fs, gitdir, oid });
    const info = {
      sha: oid,
      message: commit.message.trim(),
      author: `${commit.author.name} <${commit.author.email}>`,
      time: new Date(commit.author.timestamp * 1000).toISOString(),
    };
    if (this.commits.size >= COMMITS_REMEMBERED)
      this.commits.delete(this.commits.keys().next().value!);
    this.commits.set(oid, info);
    return info;
  }
}
