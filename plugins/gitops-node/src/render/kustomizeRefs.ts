import { isPlainObject } from './parseManifest';

/** A local path a kustomization file makes Kustomize read. */
export interface KustomizationRef {
  /** The kustomization field it appears in, e.g. `resources`, `configMapGenerator.files`. */
  field: string;
  path: string;
}

/** A field that cannot be rendered offline inside the repository. */
export interface UnsupportedField {
  field: string;
  reason: string;
}

/**
 * Kustomize fetches these forms from the network: URLs, scp-like `git@host:org/repo`,
 * go-getter style `host/org/repo//dir?ref=v1`. Anything else that is not found on disk
 * is refused by the caller too, because Kustomize would then try it as a remote.
 * @public
 */
export function isRemoteReference(ref: string): boolean {
  const r = ref.trim();
  return (
    /^[a-z][a-z0-9+.-]*:\/\//i.test(r) || // https://, ssh://, git://, file://
    /^[\w.-]+@[\w.-]+:/.test(r) || // git@github.com:org/repo
    /^git::/i.test(r) ||
    /\?(ref|version|submodules|timeout)=/i.test(r) ||
    /^(github\.com|gitlab\.com|bitbucket\.org|dev\.azure\.com|ssh\.dev\.azure\.com|[\w-]+\.visualstudio\.com)\//i.test(
      r,
    ) ||
    /^[^/]*\.[a-z]{2,}\/[^/]+\/[^/]+\/\//i.test(r) // host.tld/org/repo//subdir
  );
}

/** Inline content (YAML or JSON) rather than a path, in fields that accept both. */
function isInline(value: string): boolean {
  return /\n/.test(value) || /^\s*[{[]/.test(value) || /:\s/.test(value);
}

const PATH_LISTS = [
  'resources',
  'bases',
  'components',
  'crds',
  'configurations',
];
const PATH_OR_INLINE_LISTS = [
  'patchesStrategicMerge',
  'transformers',
  'generators',
  'validators',
];
const OBJECTS_WITH_PATH = ['patches', 'patchesJson6902', 'replacements'];
const GENERATORS = ['configMapGenerator', 'secretGenerator'];
const UNSUPPORTED: Record<string, string> = {
  helmCharts:
    'Helm charts are not supported (they are fetched from the network)',
  helmChartInflationGenerator:
    'Helm charts are not supported (they are fetched from the network)',
  helmGlobals:
    'Helm charts are not supported (they are fetched from the network)',
};

/** Every local path a kustomization refers to, and the fields we refuse outright. */
export function kustomizationRefs(k: Record<string, unknown>): {
  refs: KustomizationRef[];
  unsupported: UnsupportedField[];
} {
  const refs: KustomizationRef[] = [];
  const add = (field: string, value: unknown) => {
    if (typeof value === 'string' && value.trim() !== '') {
      refs.push({ field, path: value.trim() });
    }
  };
  for (const field of PATH_LISTS) {
    for (const v of asArray(k[field])) add(field, v);
  }
  for (const field of PATH_OR_INLINE_LISTS) {
    for (const v of asArray(k[field])) {
      if (typeof v === 'string' && !isInline(v)) add(field, v);
    }
  }
  for (const field of OBJECTS_WITH_PATH) {
    for (const v of asArray(k[field])) {
      if (isPlainObject(v)) add(`${field}.path`, v.path);
    }
  }
  if (isPlainObject(k.openapi)) add('openapi.path', k.openapi.path);
  for (const field of GENERATORS) {
    for (const gen of asArray(k[field])) {
      if (!isPlainObject(gen)) continue;
      for (const f of asArray(gen.files)) {
        // `files` entries are `path` or `key=path`.
        if (typeof f === 'string')
          add(`${field}.files`, f.slice(f.indexOf('=') + 1));
      }
      for (const e of asArray(gen.envs)) add(`${field}.envs`, e);
      add(`${field}.env`, gen.env);
    }
  }
  const unsupported = Object.keys(UNSUPPORTED)
    .filter(field => k[field] !== undefined && k[field] !== null)
    .map(field => ({ field, reason: UNSUPPORTED[field] }));
  return { refs, unsupported };
}

function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
