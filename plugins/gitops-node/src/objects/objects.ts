/*
 * Shared vocabulary of the reconcile engine's stages (render → validate → diff →
 * apply → prune → health → record). Kept free of any I/O so every stage can import it.
 */

/** A Kubernetes object as it appears in a manifest or comes back from the API server. @public */
export interface KubeObject {
  /** `group/version`, or only the version for the core group. */
  apiVersion: string;
  /** The object kind, e.g. `Deployment`. */
  kind: string;
  /** Name, namespace, labels, annotations and whatever else the object carries. */
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    [k: string]: unknown;
  };
  /** Every other top-level field (`spec`, `data`, `status`, …). */
  [k: string]: unknown;
}

/** An object produced by the render stage, with where it came from. @public */
export interface RenderedObject {
  /** The rendered object. */
  object: KubeObject;
  /** Repository-relative file path, or `kustomize:<dir>` for Kustomize output. */
  source: string;
}

/** Identity of a resource in a cluster. The version is deliberately not part of it. @public */
export interface ResourceKey {
  /** API group; '' for the core group (apiVersion `v1`). */
  group: string;
  /** The object kind. */
  kind: string;
  /** Namespace; absent for cluster-scoped objects. */
  namespace?: string;
  /** The object name. */
  name: string;
}

/** Whether the live object matches Git (Extraneous: live but no longer in Git). @public */
export type SyncStatus = 'Synced' | 'OutOfSync' | 'Missing' | 'Extraneous';

/** Health of a resource, gitops-engine style: the API's own type. */
export type { HealthStatus } from '@backstage-gitops/plugin-gitops-common';

/** The API group of an apiVersion: `apps/v1` → `apps`, `v1` → '' (core). @public */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** The version part of an apiVersion: `apps/v1` → `v1`, `v1` → `v1`. @public */
export function versionOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
}

/** The identity of an object: group, kind, namespace (when set) and name. @public */
export function resourceKey(obj: KubeObject): ResourceKey {
  const key: ResourceKey = {
    group: groupOf(obj.apiVersion),
    kind: obj.kind,
    name: obj.metadata.name,
  };
  if (obj.metadata.namespace) key.namespace = obj.metadata.namespace;
  return key;
}

/**
 * Human-readable and unique text form of a key, usable as a map key:
 * `apps/Deployment default/web`, `Service default/web`, `rbac.authorization.k8s.io/ClusterRole reader`.
 * @public
 */
export function formatResourceKey(key: ResourceKey): string {
  const type = key.group ? `${key.group}/${key.kind}` : key.kind;
  const id = key.namespace ? `${key.namespace}/${key.name}` : key.name;
  return `${type} ${id}`;
}

/** Whether two keys name the same resource. @public */
export function sameResource(a: ResourceKey, b: ResourceKey): boolean {
  return formatResourceKey(a) === formatResourceKey(b);
}
