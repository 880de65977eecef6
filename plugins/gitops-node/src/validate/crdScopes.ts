import type { KubeObject } from '../objects/objects';
import { groupOf } from '../objects/objects';

/** Whether a kind's objects live in a namespace or at the cluster scope. @public */
export type Scope = 'Namespaced' | 'Cluster';

export interface CrdDefinition {
  scope: Scope;
  versions: string[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Kinds defined by CustomResourceDefinitions in the same rendered set, keyed by
 * `group/Kind`: their custom resources can be validated before the CRD is installed.
 */
export function crdDefinitions(
  objects: KubeObject[],
): Map<string, CrdDefinition> {
  const out = new Map<string, CrdDefinition>();
  for (const obj of objects) {
    if (
      obj.kind !== 'CustomResourceDefinition' ||
      groupOf(obj.apiVersion) !== 'apiextensions.k8s.io' ||
      !isRecord(obj.spec)
    ) {
      continue;
    }
    const { group, names, scope, versions } = obj.spec;
    if (typeof group !== 'string' || !isRecord(names)) continue;
    if (typeof names.kind !== 'string') continue;
    if (scope !== 'Namespaced' && scope !== 'Cluster') continue;
    out.set(`${group}/${names.kind}`, {
      scope,
      versions: Array.isArray(versions)
        ? versions.flatMap(v =>
            isRecord(v) && typeof v.name === 'string' ? [v.name] : [],
          )
        : [],
    });
  }
  return out;
}
