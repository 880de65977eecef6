import { parse as parseYaml } from 'yaml';
import {
  applyJsonPatch,
  applyMergePatch,
  applyStrategicMergePatch,
  PatchError,
} from '../merge';
import {
  badRequest,
  KubeError,
  statusBody,
  unsupportedMediaType,
} from '../status';
import type { ResourceType } from '../types';

export type PatchKind = 'json' | 'merge' | 'strategic' | 'apply';

const MEDIA: Record<string, PatchKind> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
};

/** Which patch a Content-Type asks for; custom resources have no strategic merge patch (415). */
export function patchKindOf(
  contentType: string | undefined,
  type: ResourceType,
): PatchKind {
  const media = (contentType ?? '').split(';')[0].trim().toLowerCase();
  const kind = MEDIA[media];
  const accepted = Object.keys(MEDIA).filter(
    m => !(type.custom && MEDIA[m] === 'strategic'),
  );
  if (!kind || (kind === 'strategic' && type.custom))
    throw unsupportedMediaType(accepted);
  return kind;
}

export function parseJsonBody(raw: string): any {
  try {
    return JSON.parse(raw);
  } catch (err) {
    throw badRequest(`error decoding patch: ${(err as Error).message}`);
  }
}

/** An apply configuration: YAML, or JSON (which is YAML). */
export function parseApplyBody(raw: string): any {
  try {
    return parseYaml(raw);
  } catch (err) {
    throw badRequest(`error decoding YAML: ${(err as Error).message}`);
  }
}

export function toKubeError(err: unknown): unknown {
  if (err instanceof PatchError)
    return new KubeError(statusBody(err.code, err.reason, err.message));
  return err;
}

/** Applies a JSON, merge or strategic merge patch to `doc` (a fresh copy; `kind` picks SMP list keys). */
export function applyPatchKind(
  kind: Exclude<PatchKind, 'apply'>,
  doc: any,
  raw: string,
  objectKind: string,
): any {
  const patch = parseJsonBody(raw);
  try {
    switch (kind) {
      case 'json':
        if (!Array.isArray(patch))
          throw badRequest('json patch must be an array of operations');
        return applyJsonPatch(doc, patch);
      case 'merge':
        return applyMergePatch(doc, patch);
      default:
        return applyStrategicMergePatch(doc, patch, objectKind);
    }
  } catch (err) {
    throw toKubeError(err);
  }
}
