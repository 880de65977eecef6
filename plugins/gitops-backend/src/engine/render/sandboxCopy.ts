import { copyFile, mkdir, readdir, realpath, symlink } from 'node:fs/promises';
import path from 'node:path';
import { isInside } from './paths';

/**
 * Copies the checkout (without .git) into `dest` so Kustomize runs on a private copy.
 * Symlinks are recreated only when their target stays inside the checkout, re-pointed
 * at the copy; escaping or dangling links are left out, so nothing outside the
 * repository is reachable from the copy.
 */
export async function copyCheckout(root: string, dest: string): Promise<void> {
  await copyDir(root, dest, root, dest);
}

async function copyDir(
  root: string,
  copyRoot: string,
  src: string,
  dest: string,
): Promise<void> {
  await mkdir(dest, { recursive: true });
  for (const entry of await readdir(src, { withFileTypes: true })) {
    if (entry.name === '.git') continue;
    const from = path.join(src, entry.name);
    const to = path.join(dest, entry.name);
    if (entry.isDirectory()) {
      await copyDir(root, copyRoot, from, to);
    } else if (entry.isFile()) {
      await copyFile(from, to);
    } else if (entry.isSymbolicLink()) {
      const target = await realpath(from).catch(() => undefined);
      if (target === undefined || !isInside(root, target)) continue;
      const targetInCopy = path.join(copyRoot, path.relative(root, target));
      await symlink(path.relative(path.dirname(to), targetInCopy), to);
    }
  }
}
