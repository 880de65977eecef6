import fs from 'node:fs';
import path from 'node:path';
import { PublishedPackage } from './readme/steps';

function readJson(file: string): any {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** The non-private workspaces under plugins/ of a clone: what would be published. */
export function publishedPackages(
  repoRoot: string,
): Array<PublishedPackage & { dir: string }> {
  return fs
    .readdirSync(path.join(repoRoot, 'plugins'))
    .map(dir => path.join(repoRoot, 'plugins', dir))
    .filter(dir => fs.existsSync(path.join(dir, 'package.json')))
    .map(dir => ({ dir, manifest: readJson(path.join(dir, 'package.json')) }))
    .filter(({ manifest }) => manifest.private !== true)
    .map(({ dir, manifest }) => ({
      dir,
      name: manifest.name,
      role: manifest.backstage?.role ?? '',
    }));
}

/** The names of the private workspaces under packages/. */
export function privatePackageNames(repoRoot: string): Set<string> {
  return new Set(
    fs
      .readdirSync(path.join(repoRoot, 'packages'))
      .map(dir => path.join(repoRoot, 'packages', dir, 'package.json'))
      .filter(file => fs.existsSync(file))
      .map(readJson)
      .filter(manifest => manifest.private)
      .map(manifest => manifest.name),
  );
}
