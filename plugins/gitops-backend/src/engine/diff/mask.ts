import type { KubeObject } from '@backstage-gitops/plugin-gitops-node';
import { groupOf } from '@backstage-gitops/plugin-gitops-node';
import { LAST_APPLIED_ANNOTATION } from './normalize';

const SECRET_FIELDS = ['data', 'stringData'] as const;
const MASK_BASE_LENGTH = 8;

export function isSecret(obj: KubeObject | undefined): obj is KubeObject {
  return !!obj && obj.kind === 'Secret' && groupOf(obj.apiVersion) === '';
}

/**
 * Masks the values of a Secret pair so a diff can show *that* a value changed, never
 * what it is: within the pair, equal values get equal masks and different values
 * different ones ('++++++++', '+++++++++', …, by order of first appearance). The mask
 * is derived from nothing but that order — no hash of the value, which could be
 * brute-forced for short secrets. Non-Secrets are returned unchanged.
 */
export function maskPair<
  T extends KubeObject | undefined,
  U extends KubeObject | undefined,
>(desired: T, live: U): { desired: T; live: U } {
  if (!isSecret(desired) && !isSecret(live)) return { desired, live };
  const masks = new Map<string, string>();
  const maskOf = (value: unknown): string => {
    const id = JSON.stringify(value);
    let mask = masks.get(id);
    if (mask === undefined) {
      mask = '+'.repeat(MASK_BASE_LENGTH + masks.size);
      masks.set(id, mask);
    }
    return mask;
  };
  return {
    desired: (isSecret(desired) ? maskOne(desired, maskOf) : desired) as T,
    live: (isSecret(live) ? maskOne(live, maskOf) : live) as U,
  };
}

/** A copy of a Secret with every data/stringData value masked. */
export function maskSecret(obj: KubeObject): KubeObject {
  return maskPair(obj, undefined).desired;
}

function maskOne(
  secret: KubeObject,
  maskOf: (v: unknown) => string,
): KubeObject {
  const copy: KubeObject = { ...secret, metadata: { ...secret.metadata } };
  for (const field of SECRET_FIELDS) {
    const values = secret[field];
    if (typeof values !== 'object' || values === null) continue;
    const masked: Record<string, unknown> = {};
    for (const key of Object.keys(values).sort()) {
      const value = (values as Record<string, unknown>)[key];
      masked[key] =
        value === null || value === undefined ? value : maskOf(value);
    }
    copy[field] = masked;
  }
  // kubectl's client-side apply keeps a full copy, values included, in this annotation.
  const annotations = secret.metadata.annotations;
  if (annotations && LAST_APPLIED_ANNOTATION in annotations) {
    copy.metadata.annotations = {
      ...annotations,
      [LAST_APPLIED_ANNOTATION]: maskOf(annotations[LAST_APPLIED_ANNOTATION]),
    };
  }
  return copy;
}
