/** What a packed package.json must not say, and where its entry points must lead. */
export interface PackageManifest {
  name: string;
  version: string;
  main?: string;
  types?: string;
  module?: string;
  exports?: unknown;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  backstage?: { role?: string; features?: Record<string, string> };
  configSchema?: string;
}

export const DEPENDENCY_FIELDS = [
  'dependencies',
  'devDependencies',
  'peerDependencies',
  'optionalDependencies',
] as const;

/** Protocols that only mean something inside our workspace. */
const LOCAL_PROTOCOL = /^(workspace|link|portal|file):/;

/**
 * Dependencies a registry could not serve: private workspace packages (`@internal/*` or one of
 * `privateNames`) and workspace-local protocols, in any dependency field.
 */
export function privateReferences(
  manifest: PackageManifest,
  privateNames: ReadonlySet<string> = new Set(),
): string[] {
  const problems: string[] = [];
  for (const field of DEPENDENCY_FIELDS) {
    for (const [name, range] of Object.entries(manifest[field] ?? {})) {
      if (name.startsWith('@internal/') || privateNames.has(name)) {
        problems.push(`${field} names the private package ${name}@${range}`);
      } else if (LOCAL_PROTOCOL.test(range)) {
        problems.push(
          `${field} names ${name}@${range}, a workspace-local range`,
        );
      }
    }
  }
  return problems;
}

/** Paths an `exports` map leads to; a condition's non-path value (`backstage: '@backstage/BackendFeature'`) is not one. */
function exportTargets(exports: unknown): string[] {
  if (typeof exports === 'string') {
    return exports.startsWith('./') ? [exports] : [];
  }
  if (typeof exports !== 'object' || exports === null) return [];
  return Object.values(exports).flatMap(exportTargets);
}

/**
 * Entry points that would break an adopter's import: pointing at sources (prepack did not run) or
 * at a file the package does not contain. `files` are the package's paths (`dist/index.cjs.js`).
 */
export function entryPointProblems(
  manifest: PackageManifest,
  files: ReadonlySet<string>,
): string[] {
  const problems: string[] = [];
  const targets: Array<[string, string]> = [
    ...(['main', 'types', 'module'] as const)
      .filter(field => manifest[field])
      .map(field => [field, manifest[field]!] as [string, string]),
    ...exportTargets(manifest.exports).map(
      target => ['exports', target] as [string, string],
    ),
  ];
  for (const [field, target] of targets) {
    const path = target.replace(/^\.\//, '');
    if (/^src\//.test(path)) {
      problems.push(`${field} points at the sources (${target}), not at dist`);
    } else if (!files.has(path)) {
      problems.push(
        `${field} points at ${target}, which the package does not contain`,
      );
    }
  }
  return problems;
}
