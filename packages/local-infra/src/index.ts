/**
 * The infrastructure of tests, benchmarks and the development portal: the upstream Kubernetes
 * control plane (built from Go modules) behind a fault proxy, and a Git smart-HTTP server.
 * Private: product code never imports it.
 *
 * @packageDocumentation
 */
export { startLocalGitServer } from './git';
export type {
  LocalGitServer,
  LocalGitServerOptions,
  RequestLogEntry as GitRequestLogEntry,
} from './git';
export {
  startLocalCluster,
  startControlPlane,
  controlPlaneBinary,
  createClusterHandle,
  upstreamFromKubeconfig,
  KubeRequestError,
  CLUSTER_KUBECONFIG_ENV,
  kubeconfigYaml,
} from './kube';
export type {
  LocalCluster,
  LocalClusterOptions,
  ControlPlane,
  ControlPlaneOptions,
  ClusterHandle,
  KubeObject,
  Upstream,
  FaultInjector,
  RequestLogEntry as KubeRequestLogEntry,
} from './kube';
export * from './dev';
export * from './browser/launchBrowser';
export { KUBECTL_PATH, requireKubectl, runKubectl } from './kubectl';
export type { KubectlResult } from './kubectl';
