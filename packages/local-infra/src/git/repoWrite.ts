import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runGit, runGitText } from './gitCli';
import { normalizeFilePath } from './repoPath';
import { RepoStore } from './repoStore';

export type FileContents = Record<string, string | Buffer>;

export interface CommitOptions {
  message?: string;
  author?: { name: string; email: string };
  branch?: string;
  date?: Date;
}

export interface FileChange {
  write?: FileContents;
  remove?: string[];
}

const DEFAULT_AUTHOR = {
  name: 'Local Git',
  email: 'local-git@example.invalid',
};
/** 2024-01-01T00:00:00Z: commits without an explicit date start here, one second apart. */
const BASE_EPOCH_SECONDS = 1704067200;

/**
 * Commits `files` as the complete tree of the branch (files not listed are
 * gone), creating the repository when missing. With `{ fromDir }` the folder
 * is imported the way `git add -A` sees it, so its .gitignore is respected.
 */
export function seedRepo(
  store: RepoStore,
  name: string,
  files: FileContents | { fromDir: string },
  opts: CommitOptions = {},
): Promise<string> {
  return store.withLock(name, async () => {
    await store.createRepo(name);
    return withScratch(async scratch => {
      const branch = opts.branch ?? (await store.defaultBranch(name));
      const parent = await store.resolveCommit(name, `refs/heads/${branch}`);
      const git = scratchGit(store, name, scratch);
      if ('fromDir' in files && typeof files.fromDir === 'string') {
        await git(['add', '--all', '.'], files.fromDir);
      } else {
        const paths = await writeFiles(scratch.tree, files as FileContents);
        if (paths.length > 0) await git(['add', '--force', '--', ...paths]);
      }
      return finishCommit(store, name, git, branch, parent, {
        ...opts,
        message: opts.message ?? 'Seed repository',
      });
    });
  });
}

/**
 * Adds one commit on top of `branch` (default: the branch HEAD points at),
 * applying removals, then writes. A branch that does not exist yet starts
 * from the repository's HEAD commit, or from nothing in an empty repository.
 */
export function commitChange(
  store: RepoStore,
  name: string,
  change: FileChange,
  opts: CommitOptions = {},
): Promise<string> {
  return store.withLock(name, async () => {
    await store.createRepo(name);
    return withScratch(async scratch => {
      const branch = opts.branch ?? (await store.defaultBranch(name));
      const tip = await store.resolveCommit(name, `refs/heads/${branch}`);
      const base = tip ?? (await store.resolveCommit(name, 'HEAD'));
      const git = scratchGit(store, name, scratch);
      await git(base ? ['read-tree', base] : ['read-tree', '--empty']);

      const removals = (change.remove ?? []).map(normalizeFilePath);
      if (removals.length > 0) {
        await git([
          'rm',
          '--cached',
          '-r',
          '--quiet',
          '--ignore-unmatch',
          '--',
          ...removals,
        ]);
      }
      const paths = await writeFiles(scratch.tree, change.write ?? {});
      if (paths.length > 0) await git(['add', '--force', '--', ...paths]);

      return finishCommit(store, name, git, branch, tip, {
        ...opts,
        message: opts.message ?? 'Update files',
        parent: base,
      });
    });
  });
}

interface Scratch {
  tree: string;
  index: string;
}

type ScratchGit = (
  args: string[],
  cwd?: string,
  env?: Record<string, string>,
) => Promise<string>;

/** A throw-away work tree and index, so the bare repository never needs one. */
async function withScratch<T>(
  work: (scratch: Scratch) => Promise<T>,
): Promise<T> {
  const base = await mkdtemp(join(tmpdir(), 'local-git-work-'));
  const scratch = { tree: join(base, 'tree'), index: join(base, 'index') };
  await mkdir(scratch.tree);
  try {
    return await work(scratch);
  } finally {
    await rm(base, { recursive: true, force: true });
  }
}

function scratchGit(
  store: RepoStore,
  name: string,
  scratch: Scratch,
): ScratchGit {
  const gitDir = store.repoDir(name);
  return (args, cwd = scratch.tree, env = {}) =>
    runGitText(
      ['-c', 'core.autocrlf=false', '-c', 'core.safecrlf=false', ...args],
      {
        gitDir,
        cwd,
        env: { GIT_INDEX_FILE: scratch.index, GIT_WORK_TREE: cwd, ...env },
      },
    );
}

async function writeFiles(
  root: string,
  files: FileContents,
): Promise<string[]> {
  const paths: string[] = [];
  for (const [rawPath, content] of Object.entries(files)) {
    const path = normalizeFilePath(rawPath);
    const target = join(root, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content);
    paths.push(path);
  }
  return paths;
}

async function finishCommit(
  store: RepoStore,
  name: string,
  git: ScratchGit,
  branch: string,
  expectedTip: string | undefined,
  opts: CommitOptions & { message: string; parent?: string },
): Promise<string> {
  const tree = await git(['write-tree']);
  const parent = opts.parent ?? expectedTip;
  const seconds = opts.date
    ? Math.floor(opts.date.getTime() / 1000)
    : await nextDefaultTime(git, parent);
  const author = opts.author ?? DEFAULT_AUTHOR;
  const date = `${seconds} +0000`;
  const message = opts.message.endsWith('\n')
    ? opts.message
    : `${opts.message}\n`;

  const sha = await runGitText(
    ['commit-tree', tree, ...(parent ? ['-p', parent] : []), '-F', '-'],
    {
      gitDir: store.repoDir(name),
      input: message,
      env: {
        GIT_AUTHOR_NAME: author.name,
        GIT_AUTHOR_EMAIL: author.email,
        GIT_AUTHOR_DATE: date,
        GIT_COMMITTER_NAME: author.name,
        GIT_COMMITTER_EMAIL: author.email,
        GIT_COMMITTER_DATE: date,
      },
    },
  );
  // Compare-and-swap: fails instead of overwriting a ref a client moved meanwhile.
  const oldValue = expectedTip ?? '0'.repeat(40);
  await runGit(
    ['update-ref', '-m', 'local-git', `refs/heads/${branch}`, sha, oldValue],
    {
      gitDir: store.repoDir(name),
    },
  );
  return sha;
}

/** Deterministic and increasing: one second after the parent, or the base time. */
async function nextDefaultTime(
  git: ScratchGit,
  parent: string | undefined,
): Promise<number> {
  if (!parent) return BASE_EPOCH_SECONDS;
  const parentSeconds = Number(
    await git(['show', '-s', '--format=%ct', parent]),
  );
  return Math.max(parentSeconds + 1, BASE_EPOCH_SECONDS);
}
