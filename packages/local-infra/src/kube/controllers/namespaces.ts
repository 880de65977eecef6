import { randomUUID } from 'node:crypto';
import type { Cluster } from '../cluster';
import { markOrRemove } from '../ops/delete';
import type { StoreEvent } from '../store';
import { clone, KubeObject } from '../types';

const NAMESPACES_KEY = '/namespaces';

/** What the controllers put in every new namespace: the default ServiceAccount and the root CA bundle. */
function populate(cluster: Cluster, ns: string) {
  const now = cluster.now();
  const base = (name: string) => ({
    name,
    namespace: ns,
    uid: randomUUID(),
    creationTimestamp: now,
  });
  if (!cluster.store.has('/serviceaccounts', ns, 'default')) {
    cluster.store.create('/serviceaccounts', {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: base('default'),
    });
  }
  if (!cluster.store.has('/configmaps', ns, 'kube-root-ca.crt')) {
    cluster.store.create('/configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        ...base('kube-root-ca.crt'),
        annotations: {
          'kubernetes.io/description':
            'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.',
        },
      },
      data: { 'ca.crt': cluster.options.caPem },
    });
  }
}

function contentsOf(cluster: Cluster, ns: string) {
  const out: Array<{ storageKey: string; object: KubeObject }> = [];
  for (const { storageKey, object } of cluster.store.scan()) {
    if (storageKey !== NAMESPACES_KEY && object.metadata.namespace === ns) {
      out.push({ storageKey, object: clone(object) });
    }
  }
  return out;
}

/** Namespace finalizer "kubernetes": the namespace goes once everything in it is gone. */
function tryFinalize(cluster: Cluster, ns: string) {
  const live = cluster.store.get(NAMESPACES_KEY, '', ns);
  if (!live?.metadata.deletionTimestamp || contentsOf(cluster, ns).length)
    return;
  if (live.metadata.finalizers?.length) {
    if (live.spec?.finalizers?.length) {
      const next = clone(live);
      next.spec.finalizers = [];
      cluster.store.update(NAMESPACES_KEY, next);
    }
    return;
  }
  cluster.store.remove(NAMESPACES_KEY, '', ns);
}

function terminate(cluster: Cluster, ns: string) {
  for (const { storageKey, object } of contentsOf(cluster, ns)) {
    const type = cluster.typeOfStorageKey(storageKey);
    if (type) markOrRemove(cluster, type, cluster.present(object, type), false);
    else cluster.store.remove(storageKey, ns, object.metadata.name);
  }
  tryFinalize(cluster, ns);
}

export function startNamespaceController(cluster: Cluster): () => void {
  return cluster.store.subscribe((e: StoreEvent) => {
    if (e.storageKey === NAMESPACES_KEY) {
      if (e.type === 'ADDED' && !e.object.metadata.deletionTimestamp)
        populate(cluster, e.name);
      if (
        e.type === 'MODIFIED' &&
        e.object.metadata.deletionTimestamp &&
        !e.previous?.metadata.deletionTimestamp
      ) {
        terminate(cluster, e.name);
      } else if (e.type === 'MODIFIED' && e.object.metadata.deletionTimestamp) {
        tryFinalize(cluster, e.name);
      }
      return;
    }
    if (e.type === 'DELETED' && e.namespace) tryFinalize(cluster, e.namespace);
  });
}
