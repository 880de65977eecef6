import { IgnoreRule, OWNERSHIP } from '@backstage-gitops/plugin-gitops-common';
import { createHash } from 'node:crypto';
import { groupOf, KubeObject } from '@backstage-gitops/plugin-gitops-node';

/** A label value (≤ 63 chars, DNS-label safe) that identifies an application. */
export function appLabelValue(applicationId: string): string {
  return `app-${createHash('sha256')
    .update(applicationId)
    .digest('hex')
    .slice(0, 24)}`;
}

/** The object as the engine applies it: ownership markers added, never a status. */
export function withOwnership(
  obj: KubeObject,
  applicationId: string,
): KubeObject {
  const { status: _status, ...rest } = obj as KubeObject & { status?: unknown };
  return {
    ...rest,
    metadata: {
      ...obj.metadata,
      labels: {
        ...obj.metadata.labels,
        [OWNERSHIP.appLabel]: appLabelValue(applicationId),
      },
      annotations: {
        ...obj.metadata.annotations,
        [OWNERSHIP.appAnnotation]: applicationId,
      },
    },
  };
}

/** Prune only touches objects that still say they belong to this application. */
export function isOwnedBy(
  live: KubeObject | undefined,
  applicationId: string,
): boolean {
  return (
    live?.metadata?.annotations?.[OWNERSHIP.appAnnotation] === applicationId
  );
}

export function rulesFor(obj: KubeObject, rules: IgnoreRule[]): string[] {
  return rules
    .filter(
      r =>
        (r.kind === undefined || r.kind === obj.kind) &&
        (r.group === undefined || r.group === groupOf(obj.apiVersion)),
    )
    .filter(r => r.name === undefined || r.name === obj.metadata.name)
    .flatMap(r => r.jsonPointers);
}

/**
 * Removes ignored fields (RFC 6901 pointers) from what is applied, so a field another controller
 * owns (an HPA's replicas) is neither reported as drift nor taken back by the next apply.
 */
export function withoutIgnoredFields(
  obj: KubeObject,
  rules: IgnoreRule[],
): KubeObject {
  const pointers = rulesFor(obj, rules);
  if (pointers.length === 0) return obj;
  const copy = structuredClone(obj);
  for (const pointer of pointers) {
    const parts = pointer
      .split('/')
      .slice(1)
      .map(p => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    let parent: any = copy;
    for (const part of parts.slice(0, -1)) parent = parent?.[part];
    const last = parts[parts.length - 1];
    if (parent && typeof parent === 'object' && last !== undefined) {
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last];
    }
  }
  return copy;
}
