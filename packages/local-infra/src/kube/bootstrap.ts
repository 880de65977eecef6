import type { Cluster } from './cluster';
import { createObject } from './ops/create';
import type { KubeObject } from './types';

const SYSTEM = {
  dryRun: false,
  fieldManager: 'kube-apiserver',
  keepStatus: true,
};

const clusterRole = (
  name: string,
  rules: object[],
  labels: Record<string, string> = {},
): KubeObject => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: {
    name,
    labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults', ...labels },
    annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' },
  },
  rules,
});

/** What a freshly started small cluster already holds. */
export function bootstrapCluster(cluster: Cluster): void {
  const create = (obj: KubeObject) => {
    const type = cluster.registry.findByKind(obj.apiVersion, obj.kind)!;
    createObject(cluster, type, obj, SYSTEM);
  };
  for (const name of [
    'default',
    'kube-system',
    'kube-public',
    'kube-node-lease',
  ]) {
    create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  }
  create({
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: 'local-node',
      labels: {
        'kubernetes.io/hostname': 'local-node',
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'node-role.kubernetes.io/control-plane': '',
      },
    },
    spec: { podCIDR: '10.244.0.0/24', podCIDRs: ['10.244.0.0/24'] },
    status: {
      capacity: { cpu: '2', memory: '24Gi', pods: '110' },
      allocatable: { cpu: '2', memory: '24Gi', pods: '110' },
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'KubeletReady',
          message: 'kubelet is posting ready status',
          lastHeartbeatTime: cluster.now(),
          lastTransitionTime: cluster.now(),
        },
      ],
      addresses: [
        { type: 'InternalIP', address: '10.0.0.2' },
        { type: 'Hostname', address: 'local-node' },
      ],
      nodeInfo: {
        kubeletVersion: 'v1.32.3',
        operatingSystem: 'linux',
        architecture: 'amd64',
        containerRuntimeVersion: 'containerd://1.7.24',
      },
    },
  });
  create({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'kubernetes',
      namespace: 'default',
      labels: { component: 'apiserver', provider: 'kubernetes' },
    },
    spec: {
      type: 'ClusterIP',
      clusterIP: '10.96.0.1',
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }],
    },
  });
  const all = [
    { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
    { nonResourceURLs: ['*'], verbs: ['*'] },
  ];
  create(clusterRole('cluster-admin', all));
  create(
    clusterRole('admin', [
      { apiGroups: ['', 'apps', 'batch'], resources: ['*'], verbs: ['*'] },
    ]),
  );
  create(
    clusterRole('edit', [
      {
        apiGroups: ['', 'apps', 'batch'],
        resources: ['*'],
        verbs: ['create', 'delete', 'deletecollection', 'patch', 'update'],
      },
    ]),
  );
  create(
    clusterRole('view', [
      {
        apiGroups: ['', 'apps', 'batch'],
        resources: ['*'],
        verbs: ['get', 'list', 'watch'],
      },
    ]),
  );
}
