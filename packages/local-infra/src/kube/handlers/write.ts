import { readBody, sendJson } from '../http';
import { createObject } from '../ops/create';
import { deleteCollection, deleteObject, DeleteOptions } from '../ops/delete';
import { patchObject } from '../ops/patch';
import { patchKindOf } from '../ops/patchBody';
import { patchScale, replaceScale } from '../ops/scale';
import { commitUpdate } from '../ops/update';
import { checkBody } from '../ops/writeOptions';
import {
  badRequest,
  methodNotAllowed,
  notFound,
  pathNotFound,
  unsupportedMediaType,
} from '../status';
import {
  ResourceContext,
  readObjectBody,
  selectorsOf,
  writeOptions,
} from './context';
import { renderList } from './render';

const urlNs = (ctx: ResourceContext) =>
  ctx.type.namespaced ? ctx.ns : undefined;

/** Which subresource a write targets; anything but status/scale (where served) is a 404. */
function subresourceOf(ctx: ResourceContext): 'status' | 'scale' | undefined {
  const s = ctx.info.subresource;
  if (!s) return undefined;
  if (s === 'status' && ctx.type.statusSubresource) return 'status';
  if (s === 'scale' && ctx.type.scale) return 'scale';
  throw pathNotFound();
}

export async function handleCreate(ctx: ResourceContext): Promise<void> {
  if (ctx.info.name) throw methodNotAllowed();
  if (ctx.type.namespaced && !ctx.ns) throw methodNotAllowed();
  const opts = writeOptions(ctx);
  const candidate = checkBody(ctx.type, await readObjectBody(ctx), urlNs(ctx));
  sendJson(ctx.res, 201, createObject(ctx.cluster, ctx.type, candidate, opts));
}

export async function handleUpdate(ctx: ResourceContext): Promise<void> {
  const { type, cluster } = ctx;
  const name = ctx.info.name;
  if (!name) throw methodNotAllowed();
  const sub = subresourceOf(ctx);
  const opts = writeOptions(ctx);
  const body = await readObjectBody(ctx);
  if (sub === 'scale') {
    sendJson(
      ctx.res,
      200,
      replaceScale(cluster, type, ctx.ns, name, body, opts),
    );
    return;
  }
  const live = cluster.read(type, ctx.ns, name);
  if (!live) throw notFound({ group: type.group, plural: type.plural }, name);
  const candidate = checkBody(type, body, urlNs(ctx), name);
  sendJson(
    ctx.res,
    200,
    commitUpdate(cluster, { type, live, candidate, opts, subresource: sub }),
  );
}

export async function handlePatch(ctx: ResourceContext): Promise<void> {
  const { type, cluster } = ctx;
  const name = ctx.info.name;
  if (!name) throw methodNotAllowed();
  const sub = subresourceOf(ctx);
  const kind = patchKindOf(ctx.req.headers['content-type'], type);
  const opts = writeOptions(ctx);
  const body = await readBody(ctx.req);
  if (sub === 'scale') {
    if (kind === 'apply')
      throw unsupportedMediaType([
        'application/json-patch+json',
        'application/merge-patch+json',
        'application/strategic-merge-patch+json',
      ]);
    sendJson(
      ctx.res,
      200,
      patchScale(cluster, type, ctx.ns, name, kind, body, opts),
    );
    return;
  }
  const result = patchObject(cluster, {
    type,
    ns: ctx.ns,
    name,
    kind,
    body,
    opts,
    subresource: sub,
  });
  sendJson(ctx.res, result.created ? 201 : 200, result.object);
}

async function deleteOptionsOf(ctx: ResourceContext): Promise<DeleteOptions> {
  const raw = (await readBody(ctx.req)).trim();
  let body: any = {};
  if (raw) {
    try {
      body = JSON.parse(raw);
    } catch (err) {
      throw badRequest(
        `the body of the request was not valid DeleteOptions: ${
          (err as Error).message
        }`,
      );
    }
  }
  const q = ctx.info.query;
  const policy = q.get('propagationPolicy') ?? body.propagationPolicy;
  return {
    propagationPolicy: policy,
    orphanDependents:
      body.orphanDependents ??
      (q.has('orphanDependents')
        ? q.get('orphanDependents') === 'true'
        : undefined),
    preconditions: body.preconditions,
  };
}

export async function handleDelete(ctx: ResourceContext): Promise<void> {
  const { type, cluster } = ctx;
  if (ctx.info.subresource) throw methodNotAllowed();
  const opts = writeOptions(ctx);
  const options = await deleteOptionsOf(ctx);
  if (ctx.info.name) {
    sendJson(
      ctx.res,
      200,
      deleteObject(cluster, type, ctx.ns, ctx.info.name, options, opts),
    );
    return;
  }
  const deleted = deleteCollection(
    cluster,
    type,
    type.namespaced && ctx.ns ? ctx.ns : undefined,
    selectorsOf(ctx),
    opts,
  );
  sendJson(
    ctx.res,
    200,
    renderList(ctx, { as: 'plain' }, type, deleted, {
      resourceVersion: String(cluster.store.currentRv()),
    }),
  );
}
