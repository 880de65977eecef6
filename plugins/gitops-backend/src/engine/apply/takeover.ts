import { OWNERSHIP } from '@backstage-gitops/plugin-gitops-common';
import { KubeObject } from '@backstage-gitops/plugin-gitops-node';

/**
 * Whose object is it? The rules that keep one application from silently overwriting, replacing or
 * deleting what another one (or a person) made. Pure: the live object is read by the caller.
 */

/** The application id a live object carries (the annotation; the label is only a hash of it). */
export function ownerOf(live: KubeObject | undefined): string | undefined {
  const id = live?.metadata?.annotations?.[OWNERSHIP.appAnnotation];
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/**
 * Objects the cluster itself makes in every namespace, that users declare to change them: the
 * ServiceAccount controller's `default` account (imagePullSecrets, automount). Nobody else can have
 * made them, and a prune of one is undone by the controller, so taking over an unowned one needs no
 * opt-in. Namespaces are not on the list: one created out of band holds objects an application
 * did not make, and an application that took it over could prune it with everything inside.
 */
const CLUSTER_MADE: Array<
  Pick<KubeObject, 'apiVersion' | 'kind'> & {
    name: string;
  }
> = [{ apiVersion: 'v1', kind: 'ServiceAccount', name: 'default' }];

export function isClusterMade(obj: KubeObject): boolean {
  return CLUSTER_MADE.some(
    m =>
      m.apiVersion === obj.apiVersion &&
      m.kind === obj.kind &&
      m.name === obj.metadata.name,
  );
}

export type ApplyDecision =
  | { action: 'apply' }
  | { action: 'conflict'; reason: string; owner?: string };

/**
 * May this application write `desired` over `live`? Missing objects and its own are applied; an
 * object carrying another application's id never is; one carrying no id only with `adoptExisting`
 * (or when the cluster made it).
 */
export function decideApply(
  desired: KubeObject,
  live: KubeObject | undefined,
  app: { id: string; adoptExisting?: boolean },
): ApplyDecision {
  if (!live) return { action: 'apply' };
  const owner = ownerOf(live);
  if (owner === app.id) return { action: 'apply' };
  if (owner !== undefined)
    return {
      action: 'conflict',
      owner,
      reason: `owned by application ${owner} (an application never takes over another application's objects)`,
    };
  if (app.adoptExisting || isClusterMade(desired)) return { action: 'apply' };
  return {
    action: 'conflict',
    reason:
      'exists and is not managed by any application; set adoptExisting to take it over',
  };
}

export type PruneDecision =
  | { action: 'prune' }
  | { action: 'gone' }
  | { action: 'keep'; reason: string; owner?: string };

/** May this application delete `live`, an object of its inventory that left Git? Only if it still carries this application's id. */
export function decidePrune(
  live: KubeObject | undefined,
  applicationId: string,
): PruneDecision {
  if (!live) return { action: 'gone' };
  const owner = ownerOf(live);
  if (owner === applicationId) return { action: 'prune' };
  if (owner !== undefined)
    return {
      action: 'keep',
      owner,
      reason: `not pruned: the live object is now owned by application ${owner}`,
    };
  return {
    action: 'keep',
    reason:
      'not pruned: the live object carries no application id (someone took it out of GitOps)',
  };
}
