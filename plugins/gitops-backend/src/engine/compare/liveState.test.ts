import { ClusterApi, ResourceType } from '../cluster/clusterApi';
import { KubeObject } from '@backstage-gitops/plugin-gitops-node';
import { keyOf, readLiveObjects } from './liveState';

const SELECTOR = 'gitops.backstage.io/app=app-1';
const TYPES: Record<string, ResourceType> = {
  ConfigMap: {
    group: '',
    version: 'v1',
    kind: 'ConfigMap',
    plural: 'configmaps',
    namespaced: true,
  },
  Service: {
    group: '',
    version: 'v1',
    kind: 'Service',
    plural: 'services',
    namespaced: true,
  },
};

const object = (kind: string, name: string, labelled = true): KubeObject => ({
  apiVersion: 'v1',
  kind,
  metadata: {
    name,
    namespace: 'shop',
    labels: labelled ? { 'gitops.backstage.io/app': 'app-1' } : {},
  },
});

/** A cluster holding `live`, answering discovery for TYPES, and counting what it is asked. */
function fakeCluster(live: KubeObject[]) {
  const calls: string[] = [];
  const cluster = {
    resourceType: async (_apiVersion: string, kind: string) => TYPES[kind],
    list: async (
      type: ResourceType,
      namespace?: string,
      labelSelector?: string,
    ) => {
      calls.push(
        labelSelector
          ? `list ${type.plural} ${labelSelector}`
          : `list ${type.plural}`,
      );
      return live.filter(
        o =>
          o.kind === type.kind &&
          o.metadata.namespace === namespace &&
          (!labelSelector ||
            o.metadata.labels?.['gitops.backstage.io/app'] === 'app-1'),
      );
    },
    get: async (obj: KubeObject) => {
      calls.push(`get ${obj.kind} ${obj.metadata.name}`);
      return live.find(o => keyOf(o) === keyOf(obj));
    },
  } as unknown as ClusterApi;
  return { cluster, calls };
}

const names = (n: number, kind = 'ConfigMap') =>
  Array.from({ length: n }, (_, i) =>
    object(kind, `${kind.toLowerCase()}-${i}`),
  );

describe('readLiveObjects', () => {
  it.each([
    ['one object: a GET', names(1), names(1), ['get ConfigMap configmap-0']],
    [
      'two to four labelled objects: one LIST by label',
      names(3),
      names(3),
      [`list configmaps ${SELECTOR}`],
    ],
    [
      'a small group with one object not labelled (yet): the LIST, then a GET for it',
      names(3),
      [...names(2), object('ConfigMap', 'configmap-2', false)],
      [`list configmaps ${SELECTOR}`, 'get ConfigMap configmap-2'],
    ],
    [
      'five or more: one plain LIST, labelled or not',
      names(6),
      names(6).map(o => ({ ...o, metadata: { ...o.metadata, labels: {} } })),
      ['list configmaps'],
    ],
    [
      'groups per kind',
      [...names(2), ...names(2, 'Service')],
      [...names(2), ...names(2, 'Service')],
      [`list configmaps ${SELECTOR}`, `list services ${SELECTOR}`],
    ],
  ])('%s', async (_name, wanted, live, expectedCalls) => {
    const { cluster, calls } = fakeCluster(live);
    const found = await readLiveObjects(cluster, wanted, {
      labelSelector: SELECTOR,
    });
    expect(calls.sort()).toEqual([...expectedCalls].sort());
    expect([...found.keys()].sort()).toEqual(live.map(keyOf).sort());
  });

  it('leaves out objects that do not exist and kinds the cluster does not serve', async () => {
    const { cluster } = fakeCluster(names(1));
    const wanted = [...names(3), object('Widget', 'w')];
    const found = await readLiveObjects(cluster, wanted, {
      labelSelector: SELECTOR,
    });
    expect([...found.keys()]).toEqual([keyOf(names(1)[0])]);
  });

  it('reads small groups with GETs when no label selector is given', async () => {
    const { cluster, calls } = fakeCluster(names(3));
    await readLiveObjects(cluster, names(3));
    expect(calls.sort()).toEqual([
      'get ConfigMap configmap-0',
      'get ConfigMap configmap-1',
      'get ConfigMap configmap-2',
    ]);
  });
});
