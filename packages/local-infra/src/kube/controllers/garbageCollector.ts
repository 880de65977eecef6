import type { Cluster } from '../cluster';
import { markOrRemove } from '../ops/delete';
import type { StoreEvent } from '../store';
import { clone, KubeObject } from '../types';

/** Every stored object that names `uid` among its ownerReferences (copies, safe to change). */
function dependentsOf(
  cluster: Cluster,
  uid: string,
): Array<{ storageKey: string; object: KubeObject }> {
  const out: Array<{ storageKey: string; object: KubeObject }> = [];
  for (const { storageKey, object } of cluster.store.scan()) {
    if (
      (object.metadata.ownerReferences ?? []).some((r: any) => r.uid === uid)
    ) {
      out.push({ storageKey, object: clone(object) });
    }
  }
  return out;
}

function withoutOwner(o: KubeObject, uid: string): KubeObject {
  const next = clone(o);
  next.metadata.ownerReferences = next.metadata.ownerReferences.filter(
    (r: any) => r.uid !== uid,
  );
  if (!next.metadata.ownerReferences.length)
    delete next.metadata.ownerReferences;
  return next;
}

/** propagationPolicy=Orphan: dependents lose the reference instead of being deleted. */
export function orphanDependents(cluster: Cluster, uid: string): void {
  for (const { storageKey, object } of dependentsOf(cluster, uid)) {
    cluster.store.update(storageKey, withoutOwner(object, uid));
  }
}

/**
 * Background cascading deletion (garbage-collection docs: "Background cascading deletion"):
 * once an owner is gone, dependents owned only by it are deleted; others just lose the reference.
 */
export function startGarbageCollector(cluster: Cluster): () => void {
  return cluster.store.subscribe((e: StoreEvent) => {
    if (e.type !== 'DELETED' || !e.object.metadata.uid) return;
    const uid: string = e.object.metadata.uid;
    for (const { storageKey, object } of dependentsOf(cluster, uid)) {
      const type = cluster.typeOfStorageKey(storageKey);
      if (!type) continue;
      if (object.metadata.ownerReferences.length > 1)
        cluster.store.update(storageKey, withoutOwner(object, uid));
      else markOrRemove(cluster, type, cluster.present(object, type), false);
    }
  });
}
