/**
 * The engine's parts, for benchmarks and tests in other packages that measure them one at a time
 * (the store, the reconcile engine, the REST router, the Git cache). Not a stable API: a portal
 * installs the plugin from the package root.
 *
 * @packageDocumentation
 */

export { testApplicationSpec } from './applications';
export { DatabaseGitOpsStore } from '../database/GitOpsStore';
export type { GitOpsStore } from '../database/GitOpsStore';
export type { ApplicationRecord } from '../database/types';
export type { ReconcileOutcome } from '../engine/reconciler';
export { createReconcileEngine } from '../reconcileEngine';
export type {
  ReconcileEngine,
  ReconcileEngineOptions,
} from '../reconcileEngine';
export { GitRepositoryCache } from '../engine/source/gitRepositoryCache';
export { DefaultGitOpsService } from '../service/DefaultGitOpsService';
export { createRouter } from '../service/router';
export type { ClusterApi } from '../engine/cluster/clusterApi';
export type { ReconcileWorker } from '../scheduler/ReconcileWorker';
export { signDelivery } from '../service/webhooks/providers';
export type { HealthCheck, HealthResult } from '../engine/health';
