import type { Cluster } from '../cluster';
import {
  applyConflictStatus,
  applyMergePatch,
  serverSideApply,
} from '../merge';
import {
  badRequest,
  KubeError,
  notFound,
  staleResourceVersion,
} from '../status';
import { clone, KubeObject, ResourceType } from '../types';
import { createObject } from './create';
import {
  applyPatchKind,
  parseApplyBody,
  PatchKind,
  toKubeError,
} from './patchBody';
import { commitUpdate } from './update';
import { checkBody, WriteOptions } from './writeOptions';

export interface PatchResult {
  object: KubeObject;
  /** Server-side apply created the object (201). */
  created: boolean;
}

export interface PatchRequest {
  type: ResourceType;
  ns: string;
  name: string;
  kind: PatchKind;
  body: string;
  opts: WriteOptions;
  subresource?: 'status';
}

export function patchObject(cluster: Cluster, req: PatchRequest): PatchResult {
  if (req.kind === 'apply') return applyObject(cluster, req);
  const { type, ns, name } = req;
  const live = cluster.read(type, ns, name);
  if (!live) throw notFound({ group: type.group, plural: type.plural }, name);
  const patched = applyPatchKind(req.kind, clone(live), req.body, type.kind);
  const candidate = checkBody(
    type,
    patched,
    type.namespaced ? ns : undefined,
    name,
  );
  const object = commitUpdate(cluster, {
    type,
    live,
    candidate,
    opts: req.opts,
    subresource: req.subresource,
  });
  return { object, created: false };
}

/** api-concepts: "Server-Side Apply" — PATCH with application/apply-patch+yaml; creates when absent. */
function applyObject(cluster: Cluster, req: PatchRequest): PatchResult {
  const { type, ns, name, opts } = req;
  if (!opts.fieldManager)
    throw badRequest(
      'PATCH requests with apply content type require a fieldManager',
    );
  const config = parseApplyBody(req.body);
  const expected = type.group ? `${type.group}/${type.version}` : type.version;
  if (config?.apiVersion !== expected) {
    // The field manager insists on the endpoint's version in an apply configuration.
    throw badRequest(
      `Incorrect version specified in apply patch. Specified patch version: ${
        config?.apiVersion ?? ''
      }, expected: ${expected}`,
    );
  }
  if (!config.kind) throw badRequest(`Object 'Kind' is missing in apply patch`);
  const applied = checkBody(
    type,
    config,
    type.namespaced ? ns : undefined,
    name,
  );
  const live = cluster.read(type, ns, name);
  if (!live && req.subresource)
    throw notFound({ group: type.group, plural: type.plural }, name);
  const wantedRv = applied.metadata.resourceVersion;
  if (live && wantedRv && wantedRv !== live.metadata.resourceVersion) {
    throw staleResourceVersion(
      { group: type.group, plural: type.plural },
      name,
    );
  }
  if (req.subresource && live) {
    // The merge module's apply works on the main resource (it drops .status from the configuration),
    // so an apply to /status merges the applied status like a JSON merge patch.
    const candidate = clone(live);
    candidate.status = applyMergePatch(
      clone(live.status ?? {}),
      applied.status ?? {},
    );
    return {
      object: commitUpdate(cluster, {
        type,
        live,
        candidate,
        opts,
        subresource: req.subresource,
      }),
      created: false,
    };
  }
  let result;
  try {
    result = serverSideApply({
      live: live ? clone(live) : undefined,
      applied,
      manager: opts.fieldManager,
      force: !!opts.force,
      now: cluster.now(),
    });
  } catch (err) {
    throw toKubeError(err);
  }
  if (!result.ok) {
    throw new KubeError(
      applyConflictStatus(result.conflicts, {
        name,
        group: type.group,
        kind: type.kind,
      }) as { code: number },
    );
  }
  const merged = result.object;
  const managedFields = merged.metadata.managedFields ?? [];
  if (!live) {
    delete merged.metadata.resourceVersion;
    return {
      object: createObject(cluster, type, merged, opts, managedFields),
      created: true,
    };
  }
  merged.metadata.resourceVersion = live.metadata.resourceVersion;
  const object = commitUpdate(cluster, {
    type,
    live,
    candidate: merged,
    opts,
    subresource: req.subresource,
    managedFields,
  });
  return { object, created: false };
}
