import type { KubeObject } from '@backstage-gitops/plugin-gitops-node';
import { groupOf } from '@backstage-gitops/plugin-gitops-node';
import { compareInstallOrder } from './kindOrder';
import { syncWaveOf } from '@backstage-gitops/plugin-gitops-node';

export interface SyncPlan {
  /** Namespaces, then CRDs: applied first whatever their wave, since everything else may live in or be one of them. */
  preflight: KubeObject[];
  /** The remaining objects by ascending wave, each in install order. */
  waves: Array<{ wave: number; objects: KubeObject[] }>;
}

function isPreflight(obj: KubeObject): boolean {
  const group = groupOf(obj.apiVersion);
  return (
    (group === '' && obj.kind === 'Namespace') ||
    (group === 'apiextensions.k8s.io' &&
      obj.kind === 'CustomResourceDefinition')
  );
}

function groupByWave(
  objects: KubeObject[],
  waveOf: (o: KubeObject) => number,
): Array<{ wave: number; objects: KubeObject[] }> {
  const byWave = new Map<number, KubeObject[]>();
  for (const obj of objects) {
    const wave = waveOf(obj);
    byWave.set(wave, [...(byWave.get(wave) ?? []), obj]);
  }
  return [...byWave.entries()]
    .sort(([a], [b]) => a - b)
    .map(([wave, list]) => ({
      wave,
      objects: [...list].sort(compareInstallOrder),
    }));
}

/**
 * The apply order: preflight (Namespaces, CRDs) and then waves. The caller waits for
 * CRDs to be served between preflight and the first wave, and for each wave's health
 * before the next. Throws, naming the object, on an invalid wave annotation.
 */
export function syncPlan(objects: KubeObject[]): SyncPlan {
  return {
    preflight: objects.filter(isPreflight).sort(compareInstallOrder),
    waves: groupByWave(
      objects.filter(o => !isPreflight(o)),
      syncWaveOf,
    ),
  };
}

/** All objects grouped by wave (Namespaces and CRDs included), each wave in install order. */
export function syncWaves(objects: KubeObject[]): KubeObject[][] {
  return groupByWave(objects, syncWaveOf).map(w => w.objects);
}

/**
 * Deletion order: the exact reverse of the install order (highest wave first, workloads
 * before their config, Namespaces and CRDs last — deleting those deletes everything in
 * them). Pruned objects come from the cluster and may carry a wave annotation that is
 * no longer valid; such an object is placed in wave 0 rather than blocking the prune.
 */
export function pruneOrder(objects: KubeObject[]): KubeObject[] {
  const lenientWave = (o: KubeObject) => {
    try {
      return syncWaveOf(o);
    } catch {
      return 0;
    }
  };
  const install = [
    ...objects.filter(isPreflight).sort(compareInstallOrder),
    ...groupByWave(
      objects.filter(o => !isPreflight(o)),
      lenientWave,
    ).flatMap(w => w.objects),
  ];
  return install.reverse();
}
