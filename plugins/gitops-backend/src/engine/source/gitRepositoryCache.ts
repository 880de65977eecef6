import { CommitInfo } from '@backstage-gitops/plugin-gitops-common';
import { ScmIntegrationRegistry } from '@backstage/integration';
import git, { HttpClient } from 'isomorphic-git';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { credentialsFor, integrationFor } from './credentials';
import { createGitHttpClient, SourceError } from './gitHttpClient';
import { KeyedMutex } from './keyedMutex';

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
}

/**
 * On-disk Git cache: one bare repository per remote, shared by every application of that remote,
 * with fetches serialized per remote. Trees are materialized once per commit and never changed.
 */
export class GitRepositoryCache {
  private readonly mutex = new KeyedMutex();
  private readonly http: HttpClient;
  readonly metrics: SourceMetrics = { requests: 0, fetches: 0 };

  constructor(
    private readonly options: {
      cacheDir: string;
      integrations: ScmIntegrationRegistry;
      timeoutMs?: number;
      /** Called after every fetch attempt, for the fetch-duration metric. */
      onFetch?: (durationMs: number, ok: boolean) => void;
    },
  ) {
    this.http = createGitHttpClient({ timeoutMs: options.timeoutMs ?? 30_000, onRequest: () => this.metrics.requests++ });
  }

  private onAuth(repoUrl: string) {
    const credentials = credentialsFor(this.options.integrations, repoUrl);
    return () => credentials ?? { cancel: true };
  }

  private repoDir(repoUrl: string) {
    return path.join(this.options.cacheDir, createHash('sha256').update(repoUrl).digest('hex').slice(0, 24));
  }

  private describe(error: any, repoUrl: string): Error {
    if (error instanceof SourceError || error?.name === 'InputError') return error;
    const status = error?.data?.statusCode;
    if (status === 401 || status === 403) return new SourceError(`Git server refused the credentials for ${repoUrl} (HTTP ${status})`);
    if (status) return new SourceError(`Git server answered HTTP ${status} for ${repoUrl}`);
    return new SourceError(`Cannot read ${repoUrl}: ${error?.message ?? error}`);
  }

  /** The commit a branch, tag or SHA points to on the remote: one ref advertisement, no fetch. */
  async resolveRevision(repoUrl: string, ref: string): Promise<string> {
    integrationFor(this.options.integrations, repoUrl);
    if (SHA.test(ref)) return ref;
    let refs: Array<{ ref: string; oid: string; peeled?: string }>;
    try {
      refs = await git.listServerRefs({ http: this.http, url: repoUrl, onAuth: this.onAuth(repoUrl), peelTags: true, protocolVersion: 1 });
    } catch (error) {
      throw this.describe(error, repoUrl);
    }
    for (const name of [`refs/heads/${ref}`, `refs/tags/${ref}`, ref]) {
      const match = refs.find(r => r.ref === name);
      if (match) return match.peeled ?? match.oid;
    }
    throw new SourceError(`Ref '${ref}' does not exist in ${repoUrl}`);
  }

  /** Fetches (shallow) what is missing and returns the tree at `revision`. */
  async checkout(repoUrl: string, ref: string, revision: string): Promise<Checkout> {
    const gitdir = this.repoDir(repoUrl);
    return this.mutex.run(gitdir, async () => {
      if (!fs.existsSync(path.join(gitdir, 'HEAD'))) {
        await fs.promises.mkdir(gitdir, { recursive: true });
        await git.init({ fs, gitdir, bare: true, defaultBranch: 'main' });
        await git.addRemote({ fs, gitdir, remote: 'origin', url: repoUrl, force: true });
      }
      if (!(await this.hasCommit(gitdir, revision))) await this.fetch(gitdir, repoUrl, ref, revision);
      const dir = path.join(gitdir, 'trees', revision);
      if (!fs.existsSync(dir)) await this.materialize(gitdir, revision, dir);
      return { dir, revision, commit: await this.commitInfo(gitdir, revision) };
    });
  }

  private async hasCommit(gitdir: string, oid: string) {
    try {
      await git.readCommit({ fs, gitdir, oid });
      return true;
    } catch {
      return false;
    }
  }

  private async fetch(gitdir: string, url: string, ref: string, revision: string) {
    const branch = SHA.test(ref) ? undefined : ref;
    // shallow first; an older pinned revision needs more history, then all of it
    for (const depth of [1, 50, undefined]) {
      this.metrics.fetches++;
      const started = Date.now();
      try {
        await git.fetch({ fs, http: this.http, gitdir, remote: 'origin', url, ref: branch, singleBranch: Boolean(branch), depth, tags: false, onAuth: this.onAuth(url), relative: false });
        this.options.onFetch?.(Date.now() - started, true);
      } catch (error) {
        this.options.onFetch?.(Date.now() - started, false);
        throw this.describe(error, url);
      }
      if (await this.hasCommit(gitdir, revision)) return;
    }
    throw new SourceError(`Commit ${revision} is not reachable from '${ref}' in ${url}`);
  }

  private async materialize(gitdir: string, revision: string, dir: string) {
    const temp = `${dir}.tmp-${randomBytes(4).toString('hex')}`;
    // one object cache for the whole tree: the pack index is parsed once, not once per file
    const cache = {};
    const { commit } = await git.readCommit({ fs, gitdir, oid: revision, cache });
    await this.writeTree(gitdir, commit.tree, temp, cache);
    await fs.promises.rename(temp, dir);
  }

  private async writeTree(gitdir: string, oid: string, target: string, cache: object): Promise<void> {
    await fs.promises.mkdir(target, { recursive: true });
    const { tree } = await git.readTree({ fs, gitdir, oid, cache });
    for (const entry of tree) {
      const file = path.join(target, entry.path);
      if (entry.type === 'tree') await this.writeTree(gitdir, entry.oid, file, cache);
      else if (entry.type === 'blob') {
        const { blob } = await git.readBlob({ fs, gitdir, oid: entry.oid, cache });
        // symlinks are written as links so the render stage can refuse the ones leaving the checkout
        if (entry.mode === '120000') await fs.promises.symlink(Buffer.from(blob).toString('utf8'), file);
        else await fs.promises.writeFile(file, blob);
      }
    }
  }

  private async commitInfo(gitdir: string, oid: string): Promise<CommitInfo> {
    const { commit } = await git.readCommit({ fs, gitdir, oid });
    return {
      sha: oid,
      message: commit.message.trim(),
      author: `${commit.author.name} <${commit.author.email}>`,
      time: new Date(commit.author.timestamp * 1000).toISOString(),
    };
  }
}
