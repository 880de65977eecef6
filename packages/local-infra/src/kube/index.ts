export { startLocalKubeApiServer } from './server';
export type { LocalKubeApiServer, LocalKubeApiServerOptions } from './server';
export type { ClusterHandle } from './clusterHandle';
export type { FaultInjector, FaultKind, FaultSpec } from './faults';
export type { RequestLogEntry, Verb } from './types';
export { isBuiltinNamespaced } from './builtinKinds';
export { Registry, isNamespaced } from './registry';
export { kubeconfigYaml } from './kubeconfig';
