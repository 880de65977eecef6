import { lstat, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { RenderError } from './errors';
import { realpathInside } from './paths';

export const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];
export const KUSTOMIZATION_FILES = [
  'kustomization.yaml',
  'kustomization.yml',
  'Kustomization',
];

export interface ManifestFile {
  /** Real path to read. */
  abs: string;
  /** Repository-relative POSIX path, for messages and `RenderedObject.source`. */
  rel: string;
}

export function isManifestFile(name: string): boolean {
  return MANIFEST_EXTENSIONS.includes(path.extname(name).toLowerCase());
}

/** Code-point order, independent of the host's locale. */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/**
 * Lists manifest files below an application directory: recursive, sorted, skipping
 * dotfiles and dot-directories (.git), following symlinks only while they stay inside
 * the repository. A kustomization below the application path is refused: applying its
 * raw inputs without Kustomize would deploy something other than intended.
 */
export async function listManifestFiles(
  root: string,
  appAbs: string,
  appRel: string,
): Promise<ManifestFile[]> {
  const info = await stat(appAbs);
  if (info.isFile()) {
    if (!isManifestFile(appAbs)) {
      throw new RenderError(
        'not a manifest file (expected .yaml, .yml or .json)',
        { file: appRel },
      );
    }
    return [{ abs: appAbs, rel: appRel }];
  }
  const out: ManifestFile[] = [];
  await walkDir(root, appAbs, appRel, new Set([appAbs]), out);
  return out;
}

async function walkDir(
  root: string,
  dirAbs: string,
  dirRel: string,
  visited: Set<string>,
  out: ManifestFile[],
): Promise<void> {
  const names = (await readdir(dirAbs)).sort(compareCodePoints);
  for (const name of names) {
    if (name.startsWith('.')) continue;
    const rel = dirRel === '.' ? name : `${dirRel}/${name}`;
    let abs = path.join(dirAbs, name);
    let info = await lstat(abs);
    if (info.isSymbolicLink()) {
      abs = await realpathInside(root, abs, rel);
      info = await stat(abs);
    }
    if (info.isDirectory()) {
      if (visited.has(abs)) continue; // a symlink back to an ancestor
      visited.add(abs);
      await walkDir(root, abs, rel, visited, out);
    } else if (info.isFile()) {
      if (KUSTOMIZATION_FILES.includes(name)) {
        throw new RenderError(
          'a Kustomization below the application path is not rendered in plain mode; point the application path at its directory or reference it from a kustomization.yaml at the application path',
          { file: rel },
        );
      }
      if (isManifestFile(name)) out.push({ abs, rel });
    }
  }
}
