import { sendJson } from '../http';
import { toScale } from '../ops/scale';
import {
  continueExpired,
  decodeContinue,
  encodeContinue,
  objectKeyOf,
} from '../paging';
import { matchesSelectors } from '../selectors';
import { badRequest, expired, notFound, pathNotFound } from '../status';
import type { KubeObject } from '../types';
import { ResourceContext, selectorsOf } from './context';
import {
  contentTypeOf,
  renderingFor,
  renderList,
  renderObject,
} from './render';

export function handleGet(ctx: ResourceContext): void {
  const { type, info } = ctx;
  const live = ctx.cluster.read(type, ctx.ns, info.name!);
  if (!live)
    throw notFound({ group: type.group, plural: type.plural }, info.name!);
  if (info.subresource === 'scale' && type.scale) {
    sendJson(ctx.res, 200, toScale(type, live));
    return;
  }
  if (
    info.subresource &&
    !(info.subresource === 'status' && type.statusSubresource)
  )
    throw pathNotFound();
  const r = renderingFor(ctx, false);
  sendJson(ctx.res, 200, renderObject(ctx, r, live), contentTypeOf(r));
}

/** The objects a list starts from: now, at an exact resourceVersion, or at a continue token's. */
function listSource(ctx: ResourceContext): {
  rv: number;
  items: KubeObject[];
  start?: string;
} {
  const { store } = ctx.cluster;
  const q = ctx.info.query;
  const key = ctx.cluster.storageKey(ctx.type);
  const ns = ctx.type.namespaced && ctx.ns ? ctx.ns : undefined;
  const cont = q.get('continue');
  if (cont) {
    const token = decodeContinue(cont);
    const items = store.snapshot(key, token.rv, ns);
    if (!items) throw continueExpired();
    return { rv: token.rv, items, start: token.start };
  }
  const rvParam = q.get('resourceVersion');
  if (q.get('resourceVersionMatch') === 'Exact' && rvParam) {
    const rv = Number(rvParam);
    if (!Number.isInteger(rv))
      throw badRequest(`invalid resource version: ${rvParam}`);
    const items = store.snapshot(key, rv, ns);
    if (!items)
      throw expired(
        `too old resource version: ${rv} (${store.oldestRv() + 1})`,
      );
    return { rv, items };
  }
  return { rv: store.currentRv(), items: store.list(key, ns) };
}

export function handleList(ctx: ResourceContext): void {
  const selectors = selectorsOf(ctx);
  const r = renderingFor(ctx, true);
  const source = listSource(ctx);
  let items = source.items
    .map(o => ctx.cluster.present(o, ctx.type))
    .filter(o => matchesSelectors(selectors, o));
  if (source.start !== undefined)
    items = items.filter(o => objectKeyOf(o) > source.start!);
  const limit = Number(ctx.info.query.get('limit') ?? 0);
  const listMeta: Record<string, unknown> = {
    resourceVersion: String(source.rv),
  };
  if (limit > 0 && items.length > limit) {
    const page = items.slice(0, limit);
    listMeta.continue = encodeContinue({
      rv: source.rv,
      start: objectKeyOf(page[page.length - 1]),
    });
    // The count is only known without selectors (they are applied while reading).
    if (!selectors.labels.length && !selectors.fields.length)
      listMeta.remainingItemCount = items.length - limit;
    items = page;
  }
  sendJson(
    ctx.res,
    200,
    renderList(ctx, r, ctx.type, items, listMeta),
    contentTypeOf(r),
  );
}

export function handleWatch(ctx: ResourceContext): void {
  const q = ctx.info.query;
  const r = renderingFor(ctx, false);
  const timeout = q.get('timeoutSeconds');
  const selectors = selectorsOf(ctx);
  // Watching one object (…/configmaps/<name>?watch=1 or /watch/…/<name>) is a field selection on its name.
  if (ctx.info.name)
    selectors.fields.push({
      field: 'metadata.name',
      op: 'eq',
      value: ctx.info.name,
    });
  ctx.watches.serve(ctx.req, ctx.res, {
    type: ctx.type,
    ns: ctx.type.namespaced && ctx.ns ? ctx.ns : undefined,
    selectors,
    resourceVersion: q.get('resourceVersion') ?? undefined,
    allowBookmarks:
      q.get('allowWatchBookmarks') === 'true' ||
      q.get('allowWatchBookmarks') === '1',
    sendInitialEvents: q.get('sendInitialEvents') === 'true',
    timeoutSeconds: timeout ? Number(timeout) : undefined,
    render: o => renderObject(ctx, r, o),
  });
}
