import { ResourceOutcome } from '@backstage-gitops/plugin-gitops-common';
import { ClusterApi } from '../cluster/clusterApi';
import { keyOf } from '../compare/liveState';
import { isOwnedBy } from '../apply/ownership';
import { pruneOrder } from '../order';
import { groupOf, KubeObject } from '@backstage-gitops/plugin-gitops-node';

export interface PruneResult {
  outcomes: ResourceOutcome[];
  /** Objects whose deletion failed: they stay in the inventory and are tried again next time. */
  remaining: KubeObject[];
}

/**
 * Deletes, in reverse install order, the objects of the previous inventory that left Git — but only
 * those whose live copy still carries this application's ownership marker. A same-named object
 * someone else created is never touched.
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
    const current = live.get(keyOf(obj));
    if (!current) continue;
    if (!isOwnedBy(current, applicationId)) {
      result.outcomes.push({
        ...base,
        action: 'skipped',
        message:
          "not pruned: the live object does not carry this application's ownership marker",
      });
      continue;
    }
    try {
      await cluster.delete(obj);
      result.outcomes.push({ ...base, action: 'pruned' });
    } catch (error) {
      result.remaining.push(obj);
      result.outcomes.push({
        ...base,
        action: 'failed',
        message: `prune failed: ${
          error instanceof Error ? error.message : error
        }`,
      });
    }
  }
  return result;
}
