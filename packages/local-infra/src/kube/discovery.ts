import { createHash } from 'node:crypto';
import type { Registry } from './registry';
import type { ResourceType } from './types';

/** The server's build info; kubectl 1.32 is the client this server is tested against. */
export const VERSION_INFO = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.3',
  gitCommit: '32cc146f75aad04beaaa245a7157eb35063a9f99',
  gitTreeState: 'clean',
  buildDate: '2025-03-11T19:52:21Z',
  goVersion: 'go1.23.6',
  compiler: 'gc',
  platform: 'linux/amd64',
};

const SUBRESOURCE_VERBS = ['get', 'patch', 'update'];

const storageVersionHash = (t: ResourceType) =>
  createHash('sha256')
    .update(`${t.group}/${t.version}/${t.kind}`)
    .digest()
    .subarray(0, 8)
    .toString('base64');

const gv = (group: string, version: string) =>
  group ? `${group}/${version}` : version;

export function apiVersions(serverAddress: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function apiGroup(registry: Registry, group: string) {
  const g = registry.groups().find(x => x.group === group);
  if (!g) return undefined;
  return {
    name: group,
    versions: g.versions.map(v => ({ groupVersion: gv(group, v), version: v })),
    preferredVersion: {
      groupVersion: gv(group, g.preferred),
      version: g.preferred,
    },
  };
}

export const apiGroupList = (registry: Registry) => ({
  kind: 'APIGroupList',
  apiVersion: 'v1',
  groups: registry
    .groups()
    .filter(g => g.group !== '')
    .map(g => apiGroup(registry, g.group)),
});

export function apiGroupDocument(registry: Registry, group: string) {
  const g = apiGroup(registry, group);
  return g && { kind: 'APIGroup', apiVersion: 'v1', ...g };
}

const withOptional = (
  o: Record<string, unknown>,
  key: string,
  list: unknown[],
) => {
  if (list.length) o[key] = list;
  return o;
};

/** GET /api/v1 or /apis/<group>/<version>: the plain APIResourceList. */
export function apiResourceList(
  registry: Registry,
  group: string,
  version: string,
) {
  const types = registry.inGroupVersion(group, version);
  if (!types.length) return undefined;
  const resources: object[] = [];
  for (const t of types) {
    const main: Record<string, unknown> = {
      name: t.plural,
      singularName: t.singular,
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: t.verbs,
    };
    withOptional(main, 'shortNames', t.shortNames);
    withOptional(main, 'categories', t.categories);
    main.storageVersionHash = storageVersionHash(t);
    resources.push(main);
    if (t.scale) {
      resources.push({
        name: `${t.plural}/scale`,
        singularName: '',
        namespaced: t.namespaced,
        group: 'autoscaling',
        version: 'v1',
        kind: 'Scale',
        verbs: SUBRESOURCE_VERBS,
      });
    }
    if (t.statusSubresource) {
      resources.push({
        name: `${t.plural}/status`,
        singularName: '',
        namespaced: t.namespaced,
        kind: t.kind,
        verbs: SUBRESOURCE_VERBS,
      });
    }
  }
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: gv(group, version),
    resources,
  };
}

function discoveryResource(t: ResourceType) {
  const subresources: object[] = [];
  if (t.scale) {
    subresources.push({
      subresource: 'scale',
      responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
      verbs: SUBRESOURCE_VERBS,
    });
  }
  if (t.statusSubresource) {
    subresources.push({
      subresource: 'status',
      responseKind: { group: t.group, version: t.version, kind: t.kind },
      verbs: SUBRESOURCE_VERBS,
    });
  }
  const r: Record<string, unknown> = {
    resource: t.plural,
    responseKind: { group: t.group, version: t.version, kind: t.kind },
    scope: t.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: t.singular,
    verbs: t.verbs,
  };
  withOptional(r, 'shortNames', t.shortNames);
  withOptional(r, 'categories', t.categories);
  withOptional(r, 'subresources', subresources);
  return r;
}

/**
 * Aggregated discovery (KEP-3352; api-concepts "Discovery API" → "Aggregated discovery"):
 * /api answers with the core group, /apis with every other group, in one document each.
 */
export function aggregatedDiscovery(
  registry: Registry,
  core: boolean,
  version: string,
) {
  const items = registry
    .groups()
    .filter(g => (g.group === '') === core)
    .map(g => ({
      metadata: core
        ? { creationTimestamp: null }
        : { name: g.group, creationTimestamp: null },
      versions: g.versions.map(v => ({
        version: v,
        resources: registry.inGroupVersion(g.group, v).map(discoveryResource),
        freshness: 'Current',
      })),
    }));
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${version}`,
    metadata: {},
    items,
  };
}
