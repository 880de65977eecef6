import type { Cluster } from '../cluster';
import { orphanDependents } from '../controllers/garbageCollector';
import { matchesSelectors, Selectors } from '../selectors';
import { conflict, notFound } from '../status';
import { clone, KubeObject, ResourceType } from '../types';
import type { WriteOptions } from './writeOptions';

/** The parts of meta/v1 DeleteOptions this server honours. */
export interface DeleteOptions {
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  orphanDependents?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
}

export function deleteObject(
  cluster: Cluster,
  type: ResourceType,
  ns: string,
  name: string,
  options: DeleteOptions,
  opts: WriteOptions,
): KubeObject {
  const live = cluster.read(type, ns, name);
  const qr = { group: type.group, plural: type.plural };
  if (!live) throw notFound(qr, name);
  const pre = options.preconditions ?? {};
  if (pre.uid && pre.uid !== live.metadata.uid) {
    throw conflict(
      qr,
      name,
      `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${live.metadata.uid}`,
    );
  }
  if (
    pre.resourceVersion &&
    pre.resourceVersion !== live.metadata.resourceVersion
  ) {
    throw conflict(
      qr,
      name,
      `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${live.metadata.resourceVersion}`,
    );
  }
  const orphan =
    options.propagationPolicy === 'Orphan' || options.orphanDependents === true;
  if (orphan && !opts.dryRun) orphanDependents(cluster, live.metadata.uid);
  return markOrRemove(cluster, type, live, opts.dryRun);
}

/**
 * api-concepts: "Finalizers" — an object with finalizers only gets a deletionTimestamp; it is removed
 * when the last finalizer goes. A Namespace always goes through the Terminating phase first.
 */
export function markOrRemove(
  cluster: Cluster,
  type: ResourceType,
  live: KubeObject,
  dryRun: boolean,
): KubeObject {
  const key = cluster.storageKey(type);
  const isNamespace = !type.custom && type.kind === 'Namespace';
  if (isNamespace || live.metadata.finalizers?.length) {
    if (live.metadata.deletionTimestamp) return live;
    const next = clone(live);
    next.metadata.deletionTimestamp = cluster.now();
    next.metadata.deletionGracePeriodSeconds = 0;
    if (isNamespace)
      next.status = { ...(next.status ?? {}), phase: 'Terminating' };
    return dryRun
      ? next
      : cluster.present(cluster.store.update(key, next), type);
  }
  if (dryRun) return live;
  const removed = cluster.store.remove(
    key,
    live.metadata.namespace ?? '',
    live.metadata.name,
  );
  return cluster.present(removed ?? live, type);
}

export function deleteCollection(
  cluster: Cluster,
  type: ResourceType,
  ns: string | undefined,
  selectors: Selectors,
  opts: WriteOptions,
): KubeObject[] {
  return cluster
    .readAll(type, ns)
    .filter(o => matchesSelectors(selectors, o))
    .map(o => markOrRemove(cluster, type, o, opts.dryRun));
}
