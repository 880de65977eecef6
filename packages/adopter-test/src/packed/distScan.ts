import { builtinModules } from 'node:module';
import { PackageManifest } from './manifest';

export interface DistFile {
  /** Path inside the package, e.g. `dist/index.cjs.js`. */
  path: string;
  text: string;
}

export interface UndeclaredImport {
  file: string;
  specifier: string;
  packageName: string;
}

const SPECIFIERS = [
  /\brequire\(\s*(['"])([^'"\n]+)\1\s*\)/g,
  /\bimport\(\s*(['"])([^'"\n]+)\1\s*\)/g,
  /\bfrom\s*(['"])([^'"\n]+)\1/g,
  /^\s*import\s*(['"])([^'"\n]+)\1/gm,
];

const BUILTINS = new Set(builtinModules);

/** The package a bare specifier loads (`@scope/name/sub` → `@scope/name`), or undefined for a relative or built-in one. */
export function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/')) return undefined;
  if (specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@')
    ? parts.slice(0, 2).join('/')
    : parts[0];
  if (BUILTINS.has(name)) return undefined;
  return name;
}

/** What a module specifier can look like; text in a message (`from '${ref}'`) cannot. */
const SPECIFIER = /^[\w@.][\w@./:+-]*$/;

export function importSpecifiers(text: string): string[] {
  const found = new Set<string>();
  for (const pattern of SPECIFIERS) {
    for (const match of text.matchAll(pattern)) {
      if (SPECIFIER.test(match[2])) found.add(match[2]);
    }
  }
  return [...found];
}

/** `@types/` package name of a package, as DefinitelyTyped spells scoped ones (`@a/b` → `@types/a__b`). */
export function typesPackageOf(name: string): string {
  return `@types/${
    name.startsWith('@') ? name.slice(1).replace('/', '__') : name
  }`;
}

/**
 * Every import in `dist` an adopter's install would not satisfy: a runtime import (`.js`) must
 * name a dependency or peer dependency; a type import (`.d.ts`) may also be satisfied by the
 * package's `@types/` companion in those fields.
 */
export function undeclaredImports(
  manifest: PackageManifest,
  files: DistFile[],
): UndeclaredImport[] {
  const declared = new Set([
    manifest.name,
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
    ...Object.keys(manifest.optionalDependencies ?? {}),
  ]);
  const problems: UndeclaredImport[] = [];
  for (const file of files) {
    const types = file.path.endsWith('.d.ts');
    if (!types && !/\.(c|m)?js$/.test(file.path)) continue;
    for (const specifier of importSpecifiers(file.text)) {
      const packageName = packageOf(specifier);
      if (!packageName || declared.has(packageName)) continue;
      if (types && declared.has(typesPackageOf(packageName))) continue;
      problems.push({ file: file.path, specifier, packageName });
    }
  }
  return problems;
}

export interface SpawnSite {
  file: string;
  /** The program argument as written, e.g. `opts.kubectlPath`. */
  program: string;
}

// a bare call, or one through the module's binding (`node_child_process.spawn(` in bundled CJS);
// never a method of something else (`pattern.exec(`)
const SPAWN =
  /(?:(?<![.\w])|(?<=child_process\.))(?:spawn|spawnSync|execFile|execFileSync|exec|execSync|fork)\(\s*([^,)\n]+)/g;

/** Where the packed code starts another program, and with which program argument. */
export function spawnSites(files: DistFile[]): SpawnSite[] {
  const sites: SpawnSite[] = [];
  for (const file of files) {
    if (!/\.(c|m)?js$/.test(file.path)) continue;
    if (!/child_process/.test(file.text)) continue;
    for (const match of file.text.matchAll(SPAWN)) {
      sites.push({ file: file.path, program: match[1].trim() });
    }
  }
  return sites;
}
