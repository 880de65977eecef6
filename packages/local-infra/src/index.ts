/**
 * The local infrastructure that stands in for a Git host and a Kubernetes cluster in tests,
 * benchmarks and the development portal. Private: product code never imports it.
 *
 * @packageDocumentation
 */
export { startLocalGitServer } from './git';
export type { LocalGitServer, LocalGitServerOptions, RequestLogEntry as GitRequestLogEntry } from './git';
export { startLocalKubeApiServer, kubeconfigYaml } from './kube';
export type { LocalKubeApiServer, LocalKubeApiServerOptions, ClusterHandle, FaultInjector, RequestLogEntry as KubeRequestLogEntry } from './kube';
export * from './dev';
export * from './browser/launchBrowser';
