import fs from 'node:fs';
import path from 'node:path';

export interface InstalledCopy {
  name: string;
  version: string;
  /** Folder relative to the portal, e.g. `node_modules/@backstage/plugin-catalog-react`. */
  dir: string;
}

/**
 * Every installed copy of every package in a node-modules layout: the root `node_modules`, the
 * workspaces' own `node_modules`, and the nested ones below each package. Workspace symlinks are
 * not copies.
 */
export function installedCopies(portalDir: string): InstalledCopy[] {
  const copies: InstalledCopy[] = [];
  function visitPackage(dir: string, name: string) {
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(dir);
    } catch {
      return;
    }
    if (stat.isSymbolicLink() || !stat.isDirectory()) return;
    let version: string;
    try {
      version = JSON.parse(
        fs.readFileSync(path.join(dir, 'package.json'), 'utf8'),
      ).version;
    } catch {
      return;
    }
    copies.push({ name, version, dir: path.relative(portalDir, dir) });
    // eslint-disable-next-line @typescript-eslint/no-use-before-define
    visitModules(path.join(dir, 'node_modules'));
  }
  function visitModules(modulesDir: string) {
    let entries: string[];
    try {
      entries = fs.readdirSync(modulesDir);
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.startsWith('.')) continue;
      const dir = path.join(modulesDir, entry);
      if (entry.startsWith('@')) {
        for (const scoped of fs.readdirSync(dir)) {
          visitPackage(path.join(dir, scoped), `${entry}/${scoped}`);
        }
      } else {
        visitPackage(dir, entry);
      }
    }
  }
  visitModules(path.join(portalDir, 'node_modules'));
  for (const group of ['packages', 'plugins']) {
    const groupDir = path.join(portalDir, group);
    if (!fs.existsSync(groupDir)) continue;
    for (const workspace of fs.readdirSync(groupDir)) {
      visitModules(path.join(groupDir, workspace, 'node_modules'));
    }
  }
  return copies;
}

/** The packages among `names` installed more than once, with their copies. */
export function duplicated(
  copies: InstalledCopy[],
  names: Iterable<string>,
): Map<string, InstalledCopy[]> {
  const wanted = new Set(names);
  const byName = new Map<string, InstalledCopy[]>();
  for (const copy of copies) {
    if (!wanted.has(copy.name)) continue;
    byName.set(copy.name, [...(byName.get(copy.name) ?? []), copy]);
  }
  return new Map([...byName].filter(([, found]) => found.length > 1));
}

/**
 * Of the packages among `names` that are installed more than once, the copies that split them
 * from our packages: one nested below a package of `ownScope` (ours would not share the portal's
 * copy), or one in a workspace's own node_modules (the portal's app or backend would use another
 * copy than ours). A copy nested below some other package is that package's affair.
 */
export function copiesApartFromOurs(
  copies: InstalledCopy[],
  names: Iterable<string>,
  ownScope: string,
): InstalledCopy[] {
  return [...duplicated(copies, names).values()]
    .flat()
    .filter(
      copy =>
        copy.dir.startsWith(`node_modules/${ownScope}/`) ||
        /^(packages|plugins)\/[^/]+\/node_modules\//.test(copy.dir),
    );
}
