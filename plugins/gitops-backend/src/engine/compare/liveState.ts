import { ClusterApi, ResourceType } from '../cluster/clusterApi';
import { mapWithConcurrency } from '../concurrency';
import { formatResourceKey, KubeObject, resourceKey } from '../types';

/** Groups this large are read with one LIST instead of one GET per object. */
const LIST_THRESHOLD = 5;

export const keyOf = (obj: KubeObject) => formatResourceKey(resourceKey(obj));

/**
 * Reads the live counterpart of every given object (desired ones and inventory entries), keyed by
 * resource key. Kinds the cluster does not serve (yet) simply have no live object.
 */
export async function readLiveObjects(cluster: ClusterApi, objects: KubeObject[], concurrency = 8): Promise<Map<string, KubeObject>> {
  const groups = new Map<string, { type: ResourceType; namespace?: string; objects: KubeObject[] }>();
  const singles: KubeObject[] = [];
  for (const obj of objects) {
    const type = await cluster.resourceType(obj.apiVersion, obj.kind);
    if (!type) continue;
    const namespace = type.namespaced ? obj.metadata.namespace : undefined;
    const id = `${obj.apiVersion}|${obj.kind}|${namespace ?? ''}`;
    const group = groups.get(id) ?? { type, namespace, objects: [] };
    group.objects.push(obj);
    groups.set(id, group);
  }
  const live = new Map<string, KubeObject>();
  const lists = [...groups.values()].filter(g => g.objects.length >= LIST_THRESHOLD);
  for (const g of groups.values()) if (g.objects.length < LIST_THRESHOLD) singles.push(...g.objects);

  await mapWithConcurrency(lists, concurrency, async group => {
    const wanted = new Set(group.objects.map(o => o.metadata.name));
    for (const item of await cluster.list(group.type, group.namespace)) {
      if (wanted.has(item.metadata.name)) live.set(keyOf(item), item);
    }
  });
  await mapWithConcurrency(singles, concurrency, async obj => {
    const item = await cluster.get(obj);
    if (item) live.set(keyOf(obj), { ...item, apiVersion: item.apiVersion ?? obj.apiVersion, kind: item.kind ?? obj.kind });
  });
  return live;
}
