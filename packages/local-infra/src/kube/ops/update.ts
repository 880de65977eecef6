import type { Cluster } from '../cluster';
import { applyDefaults } from '../defaults';
import { trackUpdate, type ManagedFieldsEntry } from '../merge';
import { clone, KubeObject, ResourceType } from '../types';
import { sameObjectIgnoringTimes, specChanged } from '../objectUtil';
import { invalid, staleResourceVersion } from '../status';
import { validateObject } from '../validation';
import { managerName, WriteOptions } from './writeOptions';

export interface UpdateInput {
  type: ResourceType;
  live: KubeObject;
  candidate: KubeObject;
  opts: WriteOptions;
  /** 'status' changes only .status; 'scale' is recorded as such in managedFields. */
  subresource?: 'status' | 'scale';
  /** Given by server-side apply; otherwise an Update entry is tracked for the manager. */
  managedFields?: ManagedFieldsEntry[];
}

/** Fields the server owns: clients cannot change them with PUT or PATCH. */
const SYSTEM_FIELDS = [
  'uid',
  'creationTimestamp',
  'generation',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'name',
  'namespace',
];

const isNamespaceType = (t: ResourceType) =>
  !t.custom && t.kind === 'Namespace';

/** The write path shared by PUT, every PATCH flavour and server-side apply of an existing object. */
export function commitUpdate(cluster: Cluster, input: UpdateInput): KubeObject {
  const { type, live, candidate, opts, subresource } = input;
  const name: string = live.metadata.name;
  const wantedRv = candidate.metadata?.resourceVersion;
  // api-concepts: "Resource versions" — a stale resourceVersion on update is a 409 Conflict.
  if (wantedRv && wantedRv !== live.metadata.resourceVersion) {
    throw staleResourceVersion(
      { group: type.group, plural: type.plural },
      name,
    );
  }
  let next: KubeObject;
  if (subresource === 'status') {
    next = clone(live);
    if (candidate.status === undefined) delete next.status;
    else next.status = clone(candidate.status);
  } else {
    next = clone(candidate);
    if (type.statusSubresource) {
      // With a status subresource, the main resource ignores status changes (and vice versa).
      if (live.status === undefined) delete next.status;
      else next.status = clone(live.status);
    }
  }
  next.metadata = next.metadata ?? {};
  for (const f of SYSTEM_FIELDS) {
    if (live.metadata[f] === undefined) delete next.metadata[f];
    else next.metadata[f] = clone(live.metadata[f]);
  }
  next.metadata.resourceVersion = live.metadata.resourceVersion;
  rejectNewFinalizersWhileDeleting(type, live, next);
  applyDefaults(next, type, { cluster, live });
  validateObject(type, next, live);
  if (type.tracksGeneration && specChanged(live, next)) {
    next.metadata.generation = (live.metadata.generation ?? 1) + 1;
  }
  next.metadata.managedFields =
    input.managedFields ??
    trackUpdate({
      live,
      updated: next,
      manager: managerName(opts),
      now: cluster.now(),
      subresource,
    });
  // A write that changes nothing is not persisted: no new resourceVersion, no watch event.
  if (sameObjectIgnoringTimes(live, next)) return live;
  if (opts.dryRun) return next;
  const key = cluster.storageKey(type);
  const ns = next.metadata.namespace ?? '';
  // api-concepts: "Finalizers" — removing the last finalizer of a deleting object deletes it.
  if (
    next.metadata.deletionTimestamp &&
    !next.metadata.finalizers?.length &&
    !isNamespaceType(type)
  ) {
    // As the real storage does, watchers see one DELETED event carrying the last stored state.
    const removed = cluster.store.remove(key, ns, name)!;
    next.metadata.resourceVersion = removed.metadata.resourceVersion;
    return cluster.present(next, type);
  }
  return cluster.present(cluster.store.update(key, next), type);
}

function rejectNewFinalizersWhileDeleting(
  type: ResourceType,
  live: KubeObject,
  next: KubeObject,
) {
  if (!live.metadata.deletionTimestamp) return;
  const before = new Set<string>(live.metadata.finalizers ?? []);
  const added = (next.metadata.finalizers ?? []).filter(
    (f: string) => !before.has(f),
  );
  if (added.length) {
    throw invalid(type.kind, type.group, live.metadata.name, [
      {
        field: 'metadata.finalizers',
        reason: 'FieldValueForbidden',
        message: `Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{${added
          .map((f: string) => JSON.stringify(f))
          .join(', ')}}`,
      },
    ]);
  }
}
