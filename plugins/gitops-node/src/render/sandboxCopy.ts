import fs from 'node:fs';
import path from 'node:path';
import { isInside } from './paths';

/**
 * Copies the checkout (without .git) into `dest` so Kustomize runs on a private copy.
 * Symlinks are recreated only when their target stays inside the checkout, re-pointed
 * at the copy; escaping or dangling links are left out, so nothing outside the
 * repository is reachable from the copy.
 *
 * Files are hard-linked where the two folders share a file system (checkouts are never
 * modified, and Kustomize only reads): a link costs microseconds where a copy costs a file
 * creation. The work is synchronous, a folder at a time with a yield between folders.
 */
export async function copyCheckout(root: string, dest: string): Promise<void> {
  const state = { link: true };
  await copyDir(root, dest, root, dest, state);
}

async function copyDir(
  root: string,
  copyRoot: string,
  src: string,
  dest: string,
  state: { link: boolean },
): Promise<void> {
  fs.mkdirSync(dest, { recursive: true });
  const subdirs: Array<[string, string]> = [];
  for (const entry of fs.readdirSync(src, { withFileTypes: true })) {
    if (entry.name === '.git') continue;
    const from = path.join(src, entry.name);
    const to = path.join(dest, entry.name);
    if (entry.isDirectory()) {
      subdirs.push([from, to]);
    } else if (entry.isFile()) {
      linkOrCopy(from, to, state);
    } else if (entry.isSymbolicLink()) {
      let target: string;
      try {
        target = fs.realpathSync(from);
      } catch {
        continue;
      }
      if (!isInside(root, target)) continue;
      const targetInCopy = path.join(copyRoot, path.relative(root, target));
      fs.symlinkSync(path.relative(path.dirname(to), targetInCopy), to);
    }
  }
  for (const [from, to] of subdirs) {
    await new Promise(resolve => setImmediate(resolve));
    await copyDir(root, copyRoot, from, to, state);
  }
}

function linkOrCopy(from: string, to: string, state: { link: boolean }) {
  if (state.link) {
    try {
      fs.linkSync(from, to);
      return;
    } catch (error: any) {
      // another file system, or one without hard links: copy from here on
      if (
        error?.code !== 'EXDEV' &&
        error?.code !== 'EPERM' &&
        error?.code !== 'ENOTSUP'
      )
        throw error;
      state.link = false;
    }
  }
  fs.copyFileSync(from, to);
}
