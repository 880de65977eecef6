import { ScmIntegrationRegistry } from '@backstage/integration';
import git from 'isomorphic-git';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { credentialsFor } from '@backstage-gitops/plugin-gitops-node';
import {
  createGitHttpClient,
  SourceError,
} from '@backstage-gitops/plugin-gitops-node';

export interface RevertOptions {
  integrations: ScmIntegrationRegistry;
  repoUrl: string;
  branch: string;
  /** The commit to revert. */
  revision: string;
  author: { name: string; email: string };
  /** Who asked (a user entity ref or a service subject): the commit's `Requested-by:` trailer. */
  requestedBy: string;
  timeoutMs?: number;
}

type TreeMap = Map<string, { oid: string; mode: string }>;

async function flatTree(dir: string, commitOid: string): Promise<TreeMap> {
  const files: TreeMap = new Map();
  await git.walk({
    fs,
    dir,
    trees: [git.TREE({ ref: commitOid })],
    map: async (filepath, [entry]) => {
      if (!entry || filepath === '.') return undefined;
      if ((await entry.type()) === 'blob')
        files.set(filepath, {
          oid: await entry.oid(),
          mode: (await entry.mode()).toString(8),
        });
      return true;
    },
  });
  return files;
}

/**
 * The revert's commit message. Who asked is a `Requested-by:` trailer (the last paragraph, as
 * `git interpret-trailers` reads it), since the commit's author is the portal's own identity.
 * Control characters are dropped so no value can forge another line or trailer.
 */
export function revertMessage(
  revertedMessage: string,
  revision: string,
  requestedBy: string,
): string {
  const oneLine = (text: string) =>
    // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
    text.replace(/[\x00-\x1f\x7f]+/g, ' ').trim();
  const subject = oneLine(revertedMessage.split('\n')[0]);
  return `Revert "${subject}"\n\nThis reverts commit ${revision}, from the developer portal.\n\nRequested-by: ${oneLine(
    requestedBy,
  )}\n`;
}

/**
 * The GitOps rollback: a new commit on the branch that undoes `revision`, pushed through the
 * integration's credentials. Refuses when a file the commit touched changed again since (the
 * revert would not apply cleanly), instead of guessing.
 */
export async function revertCommit(options: RevertOptions): Promise<string> {
  const http = createGitHttpClient({ timeoutMs: options.timeoutMs ?? 60_000 });
  const credentials = credentialsFor(options.integrations, options.repoUrl);
  const onAuth = () => credentials ?? { cancel: true };
  const dir = await fs.promises.mkdtemp(
    path.join(os.tmpdir(), 'gitops-revert-'),
  );
  try {
    await git.clone({
      fs,
      http,
      dir,
      url: options.repoUrl,
      ref: options.branch,
      singleBranch: true,
      onAuth,
    });
    const { commit } = await git
      .readCommit({ fs, dir, oid: options.revision })
      .catch(() => {
        throw new SourceError(
          `Commit ${options.revision} is not on branch '${options.branch}'`,
        );
      });
    if (commit.parent.length !== 1)
      throw new SourceError(
        `Commit ${options.revision.slice(0, 7)} has ${
          commit.parent.length
        } parents; only single-parent commits can be reverted`,
      );
    const head = await git.resolveRef({ fs, dir, ref: 'HEAD' });
    const [before, after, current] = await Promise.all([
      flatTree(dir, commit.parent[0]),
      flatTree(dir, options.revision),
      flatTree(dir, head),
    ]);

    const touched = new Set(
      [...before.keys(), ...after.keys()].filter(
        p => before.get(p)?.oid !== after.get(p)?.oid,
      ),
    );
    if (touched.size === 0)
      throw new SourceError(
        `Commit ${options.revision.slice(
          0,
          7,
        )} changed no file; nothing to revert`,
      );
    const conflicts = [...touched].filter(
      p => current.get(p)?.oid !== after.get(p)?.oid,
    );
    if (conflicts.length > 0) {
      throw new SourceError(
        `Cannot revert ${options.revision.slice(0, 7)} cleanly: ${conflicts
          .slice(0, 5)
          .join(', ')} changed again since`,
      );
    }
    for (const filepath of touched) {
      const target = before.get(filepath);
      const file = path.join(dir, filepath);
      if (!target) {
        await git.remove({ fs, dir, filepath });
        await fs.promises.rm(file, { force: true });
        continue;
      }
      const { blob } = await git.readBlob({ fs, dir, oid: target.oid });
      await fs.promises.mkdir(path.dirname(file), { recursive: true });
      await fs.promises.writeFile(file, blob);
      await git.add({ fs, dir, filepath });
    }
    const sha = await git.commit({
      fs,
      dir,
      author: options.author,
      message: revertMessage(
        commit.message,
        options.revision,
        options.requestedBy,
      ),
    });
    const pushed = await git.push({
      fs,
      http,
      dir,
      url: options.repoUrl,
      ref: options.branch,
      onAuth,
    });
    if (!pushed.ok)
      throw new SourceError(
        `Push of the revert was rejected: ${pushed.error ?? 'unknown reason'}`,
      );
    return sha;
  } catch (error: any) {
    if (error instanceof SourceError) throw error;
    throw new SourceError(
      `Revert failed: ${
        error?.data?.statusCode
          ? `HTTP ${error.data.statusCode}`
          : error?.message ?? error
      }`,
    );
  } finally {
    await fs.promises.rm(dir, { recursive: true, force: true });
  }
}
