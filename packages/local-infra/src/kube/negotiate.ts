import { notAcceptable } from './status';

/** The alternative representations a client can ask for with `Accept: application/json;as=...;g=...;v=...`. */
export type AltKind =
  | 'Table'
  | 'PartialObjectMetadata'
  | 'PartialObjectMetadataList'
  | 'APIGroupDiscoveryList';

export type Rendering =
  | { as: 'plain' }
  | { as: AltKind; version: string; contentType: string };

const ALT_GROUPS: Record<AltKind, { group: string; versions: string[] }> = {
  Table: { group: 'meta.k8s.io', versions: ['v1', 'v1beta1'] },
  PartialObjectMetadata: { group: 'meta.k8s.io', versions: ['v1', 'v1beta1'] },
  PartialObjectMetadataList: {
    group: 'meta.k8s.io',
    versions: ['v1', 'v1beta1'],
  },
  APIGroupDiscoveryList: {
    group: 'apidiscovery.k8s.io',
    versions: ['v2', 'v2beta1'],
  },
};

interface MediaRange {
  type: string;
  params: Record<string, string>;
}

function parseAccept(accept: string): MediaRange[] {
  return accept
    .split(',')
    .map(s => s.trim())
    .filter(Boolean)
    .map(s => {
      const [type, ...rest] = s.split(';').map(p => p.trim());
      const params: Record<string, string> = {};
      for (const p of rest) {
        const i = p.indexOf('=');
        if (i > 0) params[p.slice(0, i).trim()] = p.slice(i + 1).trim();
      }
      return { type: type.toLowerCase(), params };
    });
}

/**
 * The first acceptable representation in the client's order (api-concepts: "Receiving resources as
 * Tables", "Aggregated discovery"). Only JSON is produced; protobuf-only requests get 406.
 */
export function negotiate(
  accept: string | undefined,
  allowed: AltKind[],
): Rendering {
  if (!accept) return { as: 'plain' };
  for (const range of parseAccept(accept)) {
    const jsonish =
      range.type === 'application/json' ||
      range.type === '*/*' ||
      range.type === 'application/*';
    if (!jsonish) continue;
    const as = range.params.as as AltKind | undefined;
    if (!as) return { as: 'plain' };
    const alt = ALT_GROUPS[as];
    if (!alt || !allowed.includes(as)) continue;
    if (range.params.g !== alt.group || !alt.versions.includes(range.params.v))
      continue;
    return {
      as,
      version: range.params.v,
      contentType: `application/json;g=${alt.group};v=${range.params.v};as=${as}`,
    };
  }
  throw notAcceptable(['application/json', 'application/yaml']);
}
