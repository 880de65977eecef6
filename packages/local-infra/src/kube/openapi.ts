import { createHash } from 'node:crypto';
import { VERSION_INFO } from './discovery';
import type { Registry } from './registry';
import type { ResourceType } from './types';

/**
 * Minimal OpenAPI documents: every kind gets a permissive schema (x-kubernetes-preserve-unknown-fields)
 * tagged with x-kubernetes-group-version-kind, and every path its operations. kubectl reads the PATCH
 * operation's `fieldValidation` parameter to decide that the server validates fields itself
 * (so it skips client-side schema validation).
 */

const gvPath = (t: { group: string; version: string }) =>
  t.group ? `apis/${t.group}/${t.version}` : `api/${t.version}`;

export function schemaName(t: ResourceType, suffix = ''): string {
  if (t.custom)
    return `${t.group.split('.').reverse().join('.')}.${t.version}.${
      t.kind
    }${suffix}`;
  if (t.group === 'apiextensions.k8s.io')
    return `io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.${t.version}.${t.kind}${suffix}`;
  return `io.k8s.api.${t.group ? t.group.split('.')[0] : 'core'}.${t.version}.${
    t.kind
  }${suffix}`;
}

const gvk = (t: ResourceType) => ({
  group: t.group,
  kind: t.kind,
  version: t.version,
});

function schemaFor(t: ResourceType) {
  return {
    description: `${t.kind} (permissive schema)`,
    type: 'object',
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: {
        type: 'object',
        'x-kubernetes-preserve-unknown-fields': true,
      },
    },
    'x-kubernetes-preserve-unknown-fields': true,
    'x-kubernetes-group-version-kind': [gvk(t)],
  };
}

const queryParam = (name: string) => ({
  name,
  in: 'query',
  schema: { type: 'string', uniqueItems: true },
});
const WRITE_PARAMS = ['dryRun', 'fieldManager', 'fieldValidation'].map(
  queryParam,
);
const PATCH_PARAMS = [
  ...WRITE_PARAMS,
  {
    name: 'force',
    in: 'query',
    schema: { type: 'boolean', uniqueItems: true },
  },
];

function op(
  t: ResourceType,
  action: string,
  ref: string,
  extra: Record<string, unknown> = {},
) {
  return {
    operationId: `${action}${t.kind}`,
    responses: {
      '200': {
        description: 'OK',
        content: { 'application/json': { schema: { $ref: ref } } },
      },
    },
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': gvk(t),
    ...extra,
  };
}

function pathsFor(t: ResourceType, schemaRef: (n: string) => string) {
  const base = `/${gvPath(t)}${t.namespaced ? '/namespaces/{namespace}' : ''}/${
    t.plural
  }`;
  const obj = schemaRef(schemaName(t));
  const list = schemaRef(schemaName(t, 'List'));
  const body = {
    requestBody: { content: { '*/*': { schema: { $ref: obj } } } },
  };
  const patchBody = {
    requestBody: {
      content: {
        'application/apply-patch+yaml': { schema: { type: 'object' } },
        'application/merge-patch+json': { schema: { type: 'object' } },
        'application/json-patch+json': { schema: { type: 'object' } },
      },
    },
  };
  const paths: Record<string, object> = {
    [base]: {
      get: op(t, 'list', list),
      post: op(t, 'post', obj, { parameters: WRITE_PARAMS, ...body }),
      delete: op(t, 'deletecollection', obj),
    },
    [`${base}/{name}`]: {
      get: op(t, 'get', obj),
      put: op(t, 'put', obj, { parameters: WRITE_PARAMS, ...body }),
      patch: op(t, 'patch', obj, { parameters: PATCH_PARAMS, ...patchBody }),
      delete: op(t, 'delete', obj, { parameters: [queryParam('dryRun')] }),
    },
  };
  if (t.statusSubresource) {
    paths[`${base}/{name}/status`] = {
      get: op(t, 'get', obj),
      put: op(t, 'put', obj, { parameters: WRITE_PARAMS, ...body }),
      patch: op(t, 'patch', obj, { parameters: PATCH_PARAMS, ...patchBody }),
    };
  }
  return paths;
}

function listSchema(t: ResourceType) {
  return {
    type: 'object',
    properties: {
      items: {
        type: 'array',
        items: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      },
    },
    'x-kubernetes-preserve-unknown-fields': true,
    'x-kubernetes-group-version-kind': [{ ...gvk(t), kind: t.listKind }],
  };
}

/** Builds one group-version document. */
function buildV3GroupVersion(
  registry: Registry,
  group: string,
  version: string,
) {
  const types = registry.inGroupVersion(group, version);
  if (!types.length) return undefined;
  const schemas: Record<string, object> = {};
  let paths: Record<string, object> = {};
  for (const t of types) {
    schemas[schemaName(t)] = schemaFor(t);
    schemas[schemaName(t, 'List')] = listSchema(t);
    paths = { ...paths, ...pathsFor(t, n => `#/components/schemas/${n}`) };
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: VERSION_INFO.gitVersion },
    paths,
    components: { schemas },
  };
}

const hashOf = (doc: unknown) =>
  createHash('sha512').update(JSON.stringify(doc)).digest('hex').toUpperCase();

/** Builds the v3 index. */
function buildV3Root(registry: Registry) {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const g of registry.groups()) {
    for (const v of g.versions) {
      const p = gvPath({ group: g.group, version: v });
      paths[p] = {
        serverRelativeURL: `/openapi/v3/${p}?hash=${hashOf(
          openApiV3GroupVersion(registry, g.group, v),
        )}`,
      };
    }
  }
  return { paths };
}

/** Builds the v2 document. */
function buildV2(registry: Registry) {
  const definitions: Record<string, object> = {};
  let paths: Record<string, object> = {};
  for (const t of registry.all()) {
    definitions[schemaName(t)] = schemaFor(t);
    definitions[schemaName(t, 'List')] = listSchema(t);
    paths = { ...paths, ...pathsFor(t, n => `#/definitions/${n}`) };
  }
  return {
    swagger: '2.0',
    info: { title: 'Kubernetes', version: VERSION_INFO.gitVersion },
    paths,
    definitions,
  };
}

const cache = new WeakMap<
  Registry,
  { revision: number; docs: Map<string, unknown> }
>();

/** Documents change only when the served set does: cache them per registry revision. */
function cached<T>(registry: Registry, key: string, build: () => T): T {
  let entry = cache.get(registry);
  if (!entry || entry.revision !== registry.revision) {
    entry = { revision: registry.revision, docs: new Map() };
    cache.set(registry, entry);
  }
  if (!entry.docs.has(key)) entry.docs.set(key, build());
  return entry.docs.get(key) as T;
}

/** GET /openapi/v3/<api/v1 | apis/g/v>: one group-version's document (undefined if not served). */
export const openApiV3GroupVersion = (
  registry: Registry,
  group: string,
  version: string,
) =>
  cached(registry, `v3:${group}/${version}`, () =>
    buildV3GroupVersion(registry, group, version),
  );

/** GET /openapi/v3: the index; each URL carries a content hash so clients can cache by it. */
export const openApiV3Root = (registry: Registry) =>
  cached(registry, 'v3', () => buildV3Root(registry));

/** GET /openapi/v2 (JSON only): the same permissive schemas as one swagger 2.0 document. */
export const openApiV2 = (registry: Registry) =>
  cached(registry, 'v2', () => buildV2(registry));
