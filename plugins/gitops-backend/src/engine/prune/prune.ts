import { ResourceOutcome } from '@backstage-gitops/plugin-gitops-common';
import { decidePrune } from '../apply/takeover';
import { ClusterApi } from '../cluster/clusterApi';
import { KubeApiError } from '../cluster/kubeClient';
import { keyOf } from '../compare/liveState';
import { pruneOrder } from '../order';
import { groupOf, KubeObject } from '@backstage-gitops/plugin-gitops-node';

export interface PruneResult {
  outcomes: ResourceOutcome[];
  /** Objects whose deletion failed: they stay in the inventory and are tried again next time. */
  remaining: KubeObject[];
}

const message = (error: unknown) =>
  error instanceof Error ? error.message : String(error);

/**
 * Deletes, in reverse install order, the objects of the previous inventory that left Git — but only
 * those whose live copy still carries this application's id. The comparison's read may be minutes
 * old by now (waves waited for health): each object is read again just before its deletion, and
 * deleted only with that copy's uid and resourceVersion as preconditions, so an object another
 * application (or a person) took in the meantime is never deleted.
 */
export async function prune(
  cluster: ClusterApi,
  applicationId: string,
  extraneous: KubeObject[],
  live: Map<string, KubeObject>,
): Promise<PruneResult> {
  const result: PruneResult = { outcomes: [], remaining: [] };
  for (const obj of pruneOrder(extraneous)) {
    const base = {
      group: groupOf(obj.apiVersion),
      kind: obj.kind,
      namespace: obj.metadata.namespace,
      name: obj.metadata.name,
    };
    if (!live.has(keyOf(obj))) continue;
    try {
      const current = await cluster.get(obj);
      const decision = decidePrune(current, applicationId);
      if (decision.action === 'gone') continue;
      if (decision.action === 'keep') {
        result.outcomes.push({
          ...base,
          action: 'skipped',
          message: decision.reason,
        });
        continue;
      }
      const { uid, resourceVersion } = current!.metadata as {
        uid?: string;
        resourceVersion?: string;
      };
      await cluster.delete(obj, { preconditions: { uid, resourceVersion } });
      result.outcomes.push({ ...base, action: 'pruned' });
    } catch (error) {
      result.remaining.push(obj);
      result.outcomes.push({
        ...base,
        action: 'failed',
        message:
          error instanceof KubeApiError && error.status === 409
            ? 'not pruned yet: the object changed while it was being pruned; it is looked at again next time'
            : `prune failed: ${message(error)}`,
      });
    }
  }
  return result;
}
