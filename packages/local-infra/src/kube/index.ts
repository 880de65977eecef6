export { startLocalCluster } from './localCluster';
export type { LocalCluster, LocalClusterOptions } from './localCluster';
export {
  startControlPlane,
  controlPlaneBinary,
  CLUSTER_KUBECONFIG_ENV,
} from './controlPlane';
export type { ControlPlane, ControlPlaneOptions } from './controlPlane';
export { createClusterHandle, KubeRequestError } from './clusterHandle';
export type { ClusterHandle, KubeObject } from './clusterHandle';
export { upstreamFromKubeconfig } from './upstream';
export type { Upstream } from './upstream';
export type { FaultInjector, FaultKind, FaultSpec } from './faults';
export type { RequestLogEntry, Verb } from './types';
export { kubeconfigYaml } from './kubeconfig';
