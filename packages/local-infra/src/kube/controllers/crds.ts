import type { Cluster } from '../cluster';
import { trackUpdate } from '../merge';
import { deepEqual } from '../objectUtil';
import { versionPriority } from '../registry';
import type { StoreEvent } from '../store';
import { clone, KubeObject, ResourceType } from '../types';

const CRD_KEY = 'apiextensions.k8s.io/customresourcedefinitions';
const ALL_VERBS = [
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'create',
  'update',
  'watch',
];

/** The served versions of a CRD as resource types, preferred version first. */
export function typesOfCrd(crd: KubeObject): ResourceType[] {
  const spec = crd.spec;
  const names = spec.names;
  return (spec.versions as any[])
    .filter(v => v.served)
    .sort((a, b) => versionPriority(a.name, b.name))
    .map(v => ({
      group: spec.group,
      version: v.name,
      kind: names.kind,
      listKind: names.listKind ?? `${names.kind}List`,
      plural: names.plural,
      singular: names.singular ?? String(names.kind).toLowerCase(),
      namespaced: spec.scope === 'Namespaced',
      shortNames: names.shortNames ?? [],
      categories: names.categories ?? [],
      verbs: ALL_VERBS,
      statusSubresource: !!v.subresources?.status,
      scale: v.subresources?.scale,
      tracksGeneration: true,
      custom: true,
    }));
}

function condition(type: string, reason: string, message: string, now: string) {
  return { type, status: 'True', lastTransitionTime: now, reason, message };
}

/** The status the apiextensions controllers give an accepted CRD. */
function acceptedStatus(crd: KubeObject, now: string) {
  const names = crd.spec.names;
  const storage = crd.spec.versions.find((v: any) => v.storage)?.name;
  const stored = new Set<string>(crd.status?.storedVersions ?? []);
  if (storage) stored.add(storage);
  const previous = (type: string) =>
    crd.status?.conditions?.find((c: any) => c.type === type);
  return {
    conditions: [
      previous('NamesAccepted') ??
        condition('NamesAccepted', 'NoConflicts', 'no conflicts found', now),
      previous('Established') ??
        condition(
          'Established',
          'InitialNamesAccepted',
          'the initial names have been accepted',
          now,
        ),
    ],
    acceptedNames: {
      plural: names.plural,
      singular: names.singular ?? String(names.kind).toLowerCase(),
      kind: names.kind,
      listKind: names.listKind ?? `${names.kind}List`,
      ...(names.shortNames ? { shortNames: names.shortNames } : {}),
      ...(names.categories ? { categories: names.categories } : {}),
    },
    storedVersions: [...stored],
  };
}

/** Registers custom kinds as CRDs come and go, and sets Established/NamesAccepted. */
export function startCrdController(cluster: Cluster): () => void {
  return cluster.store.subscribe((e: StoreEvent) => {
    if (e.storageKey !== CRD_KEY) return;
    const { group, names } = e.object.spec;
    if (e.type === 'DELETED') {
      // Custom resources go with their definition.
      const key = `${group}/${names.plural}`;
      for (const o of cluster.store.list(key))
        cluster.store.remove(key, o.metadata.namespace ?? '', o.metadata.name);
      cluster.registry.removeCustom(group, names.plural);
      return;
    }
    if (e.object.metadata.deletionTimestamp) return;
    cluster.registry.replaceCustom(group, names.plural, typesOfCrd(e.object));
    const now = cluster.now();
    const status = acceptedStatus(e.object, now);
    if (deepEqual(status, e.object.status)) return;
    const next = clone(e.object);
    next.status = status;
    next.metadata.managedFields = trackUpdate({
      live: clone(e.object),
      updated: next,
      manager: 'kube-apiserver',
      now,
      subresource: 'status',
    });
    cluster.store.update(CRD_KEY, next);
  });
}
