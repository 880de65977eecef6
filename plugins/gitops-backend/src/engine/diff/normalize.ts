import type { KubeObject } from '@backstage-gitops/plugin-gitops-node';
import { groupOf } from '@backstage-gitops/plugin-gitops-node';
import { removeAtPointer } from './jsonPointer';

/** Fields to leave out of the comparison for matching objects (like Argo CD's ignoreDifferences). */
export interface IgnoreRule {
  kind?: string;
  /** API group; '' for the core group. */
  group?: string;
  name?: string;
  /** RFC 6901 pointers, e.g. `/spec/replicas`. */
  jsonPointers: string[];
}

export const LAST_APPLIED_ANNOTATION =
  'kubectl.kubernetes.io/last-applied-configuration';

/** Metadata the API server owns; it differs between any two objects and means nothing to Git. */
const SERVER_MANAGED_METADATA = [
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'managedFields',
  'selfLink',
  'deletionGracePeriodSeconds',
];

export function ruleMatches(rule: IgnoreRule, obj: KubeObject): boolean {
  return (
    (rule.kind === undefined || rule.kind === obj.kind) &&
    (rule.group === undefined || rule.group === groupOf(obj.apiVersion)) &&
    (rule.name === undefined || rule.name === obj.metadata?.name)
  );
}

/**
 * A copy of `obj` reduced to what Git can declare: server-managed metadata, status and
 * kubectl's last-applied annotation dropped, then the matching ignore rules applied. The copy
 * shares unchanged nested values with `obj` (a live object's managedFields alone can be most of
 * its size, and is dropped anyway): treat both as read-only.
 */
export function normalizeForDiff(
  obj: KubeObject,
  opts: { ignore?: IgnoreRule[] } = {},
): KubeObject {
  const { status: _status, ...rest } = obj as KubeObject & { status?: unknown };
  let copy: KubeObject = { ...rest, metadata: { ...obj.metadata } };
  for (const field of SERVER_MANAGED_METADATA) delete copy.metadata[field];
  if (copy.metadata.annotations) {
    const { [LAST_APPLIED_ANNOTATION]: _dropped, ...annotations } =
      copy.metadata.annotations;
    copy.metadata.annotations = annotations;
  }
  const rules = (opts.ignore ?? []).filter(rule => ruleMatches(rule, obj));
  // ignore rules remove fields in place, so only then is a deep copy needed
  if (rules.length > 0) copy = structuredClone(copy);
  for (const rule of rules) {
    for (const pointer of rule.jsonPointers) removeAtPointer(copy, pointer);
  }
  // An empty map and an absent one are the same to the API server.
  for (const field of ['annotations', 'labels'] as const) {
    const map = copy.metadata[field];
    if (map && Object.keys(map).length === 0) delete copy.metadata[field];
  }
  return copy;
}
