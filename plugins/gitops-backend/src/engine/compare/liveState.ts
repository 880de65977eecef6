import { ClusterApi, ResourceType } from '../cluster/clusterApi';
import { mapWithConcurrency } from '../concurrency';
import {
  formatResourceKey,
  KubeObject,
  resourceKey,
} from '@backstage-gitops/plugin-gitops-node';

/** Groups this large are read with one plain LIST: fewer requests even when nothing is labelled yet. */
const LIST_THRESHOLD = 5;

export const keyOf = (obj: KubeObject) => formatResourceKey(resourceKey(obj));

type Group = { type: ResourceType; namespace?: string; objects: KubeObject[] };

/**
 * Reads the live counterpart of every given object (desired ones and inventory entries), keyed by
 * resource key. Kinds the cluster does not serve (yet) simply have no live object.
 *
 * Per kind and namespace: one object is read with a GET; 2 to 4 with a LIST filtered by the
 * application's label (`labelSelector`), which after the first sync returns exactly them however
 * full the namespace is, and a GET for any the LIST did not return (not applied yet, or the label
 * was taken off); 5 or more with one plain LIST.
 */
export async function readLiveObjects(
  cluster: ClusterApi,
  objects: KubeObject[],
  options: { labelSelector?: string; concurrency?: number } = {},
): Promise<Map<string, KubeObject>> {
  const concurrency = options.concurrency ?? 8;
  const groups = new Map<string, Group>();
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
  const readByList = (g: Group) =>
    g.objects.length >= LIST_THRESHOLD ||
    (g.objects.length > 1 && Boolean(options.labelSelector));
  const lists = [...groups.values()].filter(readByList);
  const singles = [...groups.values()]
    .filter(g => !readByList(g))
    .flatMap(g => g.objects);

  await mapWithConcurrency(lists, concurrency, async group => {
    const selector =
      group.objects.length >= LIST_THRESHOLD
        ? undefined
        : options.labelSelector;
    const wanted = new Map(group.objects.map(o => [o.metadata.name, o]));
    for (const item of await cluster.list(
      group.type,
      group.namespace,
      selector,
    )) {
      if (wanted.delete(item.metadata.name)) live.set(keyOf(item), item);
    }
    if (selector) singles.push(...wanted.values());
  });
  await mapWithConcurrency(singles, concurrency, async obj => {
    const item = await cluster.get(obj);
    if (item)
      live.set(keyOf(obj), {
        ...item,
        apiVersion: item.apiVersion ?? obj.apiVersion,
        kind: item.kind ?? obj.kind,
      });
  });
  return live;
}
