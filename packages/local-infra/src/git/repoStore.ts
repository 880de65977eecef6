import { stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { runGit, runGitText } from './gitCli';
import { normalizeFilePath, normalizeRepoName } from './repoPath';

export interface LogEntry {
  sha: string;
  message: string;
  /** `Name <email>`, as git prints an identity. */
  author: string;
}

/**
 * Bare repositories under one root folder, read and created with the git CLI
 * directly (never over HTTP, so server faults do not affect these calls).
 */
export class RepoStore {
  private readonly creating = new Map<string, Promise<void>>();
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(readonly rootDir: string) {}

  /** Absolute folder of a repository; refuses anything resolving outside rootDir. */
  repoDir(name: string): string {
    const dir = resolve(this.rootDir, `${normalizeRepoName(name)}.git`);
    if (!dir.startsWith(resolve(this.rootDir) + sep)) {
      throw new Error(`Repository outside the root folder: ${name}`);
    }
    return dir;
  }

  async exists(name: string): Promise<boolean> {
    try {
      return (await stat(join(this.repoDir(name), 'HEAD'))).isFile();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw e;
    }
  }

  /** Creates an empty bare repository whose HEAD is refs/heads/main; no-op if it exists. */
  async createRepo(name: string): Promise<void> {
    const key = normalizeRepoName(name);
    // Concurrent first pushes/fetches of the same repository share one init.
    let pending = this.creating.get(key);
    if (!pending) {
      pending = (async () => {
        if (await this.exists(key)) return;
        await runGit([
          'init',
          '--bare',
          '--quiet',
          '--initial-branch=main',
          this.repoDir(key),
        ]);
      })().finally(() => this.creating.delete(key));
      this.creating.set(key, pending);
    }
    await pending;
  }

  /** Serialises writers of one repository so ref updates never race each other. */
  async withLock<T>(name: string, work: () => Promise<T>): Promise<T> {
    const key = normalizeRepoName(name);
    const previous = this.locks.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    const tail = next.catch(() => undefined);
    this.locks.set(key, tail);
    void tail.then(() => {
      if (this.locks.get(key) === tail) this.locks.delete(key);
    });
    return next;
  }

  /** The branch HEAD points at (normally `main`). */
  async defaultBranch(name: string): Promise<string> {
    return runGitText(['symbolic-ref', '--short', 'HEAD'], {
      gitDir: this.repoDir(name),
    });
  }

  /** Commit SHA a revision resolves to, or undefined when it does not exist (yet). */
  async resolveCommit(name: string, rev: string): Promise<string | undefined> {
    assertRevision(rev);
    try {
      return await runGitText(
        ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`],
        {
          gitDir: this.repoDir(name),
        },
      );
    } catch {
      return undefined;
    }
  }

  async headSha(name: string, branch?: string): Promise<string> {
    await this.assertExists(name);
    const rev = branch ? `refs/heads/${branch}` : 'HEAD';
    const sha = await this.resolveCommit(name, rev);
    if (!sha) throw new Error(`Repository ${name} has no commit at ${rev}`);
    return sha;
  }

  async readFile(
    name: string,
    path: string,
    ref = 'HEAD',
  ): Promise<string | undefined> {
    await this.assertExists(name);
    assertRevision(ref);
    const object = `${ref}:${normalizeFilePath(path)}`;
    try {
      const content = await runGit(['cat-file', 'blob', object], {
        gitDir: this.repoDir(name),
      });
      return content.toString('utf8');
    } catch {
      return undefined; // missing file, a folder, or an unknown ref
    }
  }

  /** Newest first; empty when the branch has no commits. */
  async log(name: string, branch?: string): Promise<LogEntry[]> {
    await this.assertExists(name);
    const rev = branch ? `refs/heads/${branch}` : 'HEAD';
    const tip = await this.resolveCommit(name, rev);
    if (!tip) return [];
    const raw = await runGit(
      ['log', '--format=%H%x1f%an <%ae>%x1f%B%x1e', tip],
      {
        gitDir: this.repoDir(name),
      },
    );
    return raw
      .toString('utf8')
      .split('\x1e')
      .map(record => record.replace(/^\n/, ''))
      .filter(record => record.length > 0)
      .map(record => {
        const [sha, author, message] = record.split('\x1f');
        return { sha, author, message: message.replace(/\n+$/, '') };
      });
  }

  private async assertExists(name: string): Promise<void> {
    if (!(await this.exists(name)))
      throw new Error(`Repository ${name} does not exist`);
  }
}

/** Revisions become command-line arguments: one starting with '-' would be an option. */
function assertRevision(rev: string): void {
  if (
    rev.length === 0 ||
    rev.startsWith('-') ||
    /\s/.test(rev) ||
    rev.includes('\0')
  ) {
    throw new Error(`Invalid revision: ${JSON.stringify(rev)}`);
  }
}
