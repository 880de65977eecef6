import { negotiate, Rendering } from '../negotiate';
import { toTable, IncludeObject } from '../table';
import type { KubeObject, ResourceType } from '../types';
import type { ResourceContext } from './context';

const partial = (o: KubeObject, version: string) => ({
  kind: 'PartialObjectMetadata',
  apiVersion: `meta.k8s.io/${version}`,
  metadata: o.metadata,
});

export function renderingFor(ctx: ResourceContext, list: boolean): Rendering {
  return negotiate(ctx.req.headers.accept, [
    'Table',
    list ? 'PartialObjectMetadataList' : 'PartialObjectMetadata',
  ]);
}

const includeOf = (ctx: ResourceContext): IncludeObject => {
  const v = ctx.info.query.get('includeObject');
  return v === 'None' || v === 'Object' ? v : 'Metadata';
};

/** One object as the client asked for it. */
export function renderObject(
  ctx: ResourceContext,
  r: Rendering,
  o: KubeObject,
): unknown {
  if (r.as === 'Table')
    return toTable(
      ctx.type,
      [o],
      { resourceVersion: o.metadata.resourceVersion },
      includeOf(ctx),
      r.version,
    );
  if (r.as === 'PartialObjectMetadata' || r.as === 'PartialObjectMetadataList')
    return partial(o, r.version);
  return o;
}

/**
 * A list as the client asked for it. Items of built-in lists carry no apiVersion/kind, as the
 * server's typed lists serialise them; custom resource lists keep them.
 */
export function renderList(
  ctx: ResourceContext,
  r: Rendering,
  type: ResourceType,
  items: KubeObject[],
  listMeta: Record<string, unknown>,
): unknown {
  if (r.as === 'Table')
    return toTable(type, items, listMeta, includeOf(ctx), r.version);
  if (r.as === 'PartialObjectMetadataList') {
    return {
      kind: 'PartialObjectMetadataList',
      apiVersion: `meta.k8s.io/${r.version}`,
      metadata: listMeta,
      items: items.map(o => partial(o, r.version)),
    };
  }
  return {
    kind: type.listKind,
    apiVersion: type.group ? `${type.group}/${type.version}` : type.version,
    metadata: listMeta,
    items: type.custom
      ? items
      : items.map(({ apiVersion: _a, kind: _k, ...rest }) => rest),
  };
}

export const contentTypeOf = (r: Rendering) =>
  r.as === 'plain' ? 'application/json' : r.contentType;
