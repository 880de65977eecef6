import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import os from 'node:os';
import path from 'node:path';
import { GitOpsStore } from './database/GitOpsStore';
import { ApplicationRecord } from './database/types';
import { ClusterApi } from './engine/cluster/clusterApi';
import { readClusters } from './engine/cluster/clusters';
import { KubeClientOptions } from './engine/cluster/kubeClient';
import { createHealthRegistry, HealthCheck } from './engine/health';
import {
  reconcileApplication,
  ReconcilerOptions,
  ReconcileOutcome,
} from './engine/reconciler';
import { DryRunMemo } from './engine/compare/dryRunMemo';
import {
  configuredIntegrations,
  RenderCache,
} from '@backstage-gitops/plugin-gitops-node';
import { GitRepositoryCache } from './engine/source/gitRepositoryCache';
import { readHistoryRetention } from './scheduler/historyRetention';
import { Projects } from './projects';
import {
  ReconcileWorker,
  ReconcileWorkerOptions,
} from './scheduler/ReconcileWorker';

export type ReconcileFn = (app: ApplicationRecord) => Promise<ReconcileOutcome>;

/** How a replica's worker claims and runs reconciles (`gitops.worker.*`). */
export interface WorkerSettings {
  /** Reconciles running at once on this replica. */
  concurrency: number;
  leaseMs: number;
  /** How often to look for due applications when nothing wakes the worker. */
  pollIntervalMs: number;
  /** How soon to look again while resources are still Progressing. */
  progressingRecheckMs: number;
}

function readWorkerSettings(config: Config): WorkerSettings {
  return {
    concurrency: config.getOptionalNumber('gitops.worker.concurrency') ?? 4,
    leaseMs:
      (config.getOptionalNumber('gitops.worker.leaseSeconds') ?? 60) * 1000,
    pollIntervalMs:
      (config.getOptionalNumber('gitops.worker.pollIntervalSeconds') ?? 5) *
      1000,
    progressingRecheckMs: 3_000,
  };
}

/** What one replica's engine is built from: the store, config, logger and replica name, and overrides for tests and benchmarks. @alpha */
export interface ReconcileEngineOptions {
  store: GitOpsStore;
  /** Git credentials (`integrations`), clusters (`kubernetes.clusterLocatorMethods`, `gitops.clusters`), `gitops.*`. */
  config: Config;
  logger: LoggerService;
  /** This replica's name on claims, history rows and field managers' audit. */
  replica: string;
  /** Default: `gitops.cacheDir`, else a folder in the OS temp dir. */
  cacheDir?: string;
  /** Default: `gitops.kubectlPath`, else `kubectl` on PATH. */
  kubectlPath?: string;
  /** Default: `gitops.projects` of `config`. */
  projects?: Projects;
  /** Checks added through the health-checks extension point. */
  healthChecks?: Record<string, HealthCheck>;
  git?: {
    timeoutMs?: number;
    onFetch?: (durationMs: number, ok: boolean) => void;
  };
  kube?: KubeClientOptions;
  /** Overrides of the configured worker settings. */
  worker?: Partial<WorkerSettings>;
  reconciler?: Pick<
    ReconcilerOptions,
    'applyConcurrency' | 'waveTimeoutMs' | 'requireImpersonation'
  >;
  /** Wraps every reconcile: metrics in the plugin, fault injection in tests. */
  wrap?: (reconcile: ReconcileFn) => ReconcileFn;
  onOutcome?: ReconcileWorkerOptions['onOutcome'];
}

/** The parts of a built engine: its Git cache, cluster clients, worker and cache folder. @alpha */
export interface ReconcileEngine {
  source: GitRepositoryCache;
  projects: Projects;
  clusters: Map<string, ClusterApi>;
  worker: ReconcileWorker;
  cacheDir: string;
}

/**
 * The engine as one backend replica runs it: a Git cache, cluster clients, the health registry, the
 * reconcile pipeline and the worker that claims applications for it. The plugin, the tests'
 * replicas and the benchmarks all build it here, so what is measured and tested is what ships.
 * @alpha
 */
export function createReconcileEngine(
  options: ReconcileEngineOptions,
): ReconcileEngine {
  const { store, config, logger, replica } = options;
  const cacheDir =
    options.cacheDir ??
    config.getOptionalString('gitops.cacheDir') ??
    path.join(os.tmpdir(), 'backstage-gitops-cache');
  const source = new GitRepositoryCache({
    cacheDir,
    integrations: configuredIntegrations(config),
    timeoutMs: options.git?.timeoutMs,
    onFetch: options.git?.onFetch,
  });
  const clusters = readClusters(config, options.kube);
  const health = createHealthRegistry(options.healthChecks);
  const renderCache = new RenderCache();
  const dryRunMemo = new DryRunMemo();
  const projects = options.projects ?? Projects.fromConfig(config);
  const reconcile: ReconcileFn = app =>
    reconcileApplication(
      {
        store,
        source,
        clusters,
        logger,
        replica,
        assessHealth: o => health.assessHealth(o),
        renderCache,
        dryRunMemo,
        projects,
        kubectlPath:
          options.kubectlPath ?? config.getOptionalString('gitops.kubectlPath'),
        requireImpersonation:
          config.getOptionalBoolean('gitops.security.requireImpersonation') ??
          false,
        ...options.reconciler,
      },
      app,
    );
  const worker = new ReconcileWorker({
    store,
    logger,
    replica,
    ...withOverrides(readWorkerSettings(config), options.worker),
    reconcile: options.wrap ? options.wrap(reconcile) : reconcile,
    onOutcome: options.onOutcome,
    historyPerApplication: readHistoryRetention(config).maxPerApplication,
  });
  return { source, projects, clusters, worker, cacheDir };
}

/** `base` with the overrides that are set (an `undefined` keeps the configured value). */
function withOverrides<T extends object>(
  base: T,
  overrides: Partial<T> = {},
): T {
  const defined = Object.entries(overrides).filter(
    ([, value]) => value !== undefined,
  );
  return { ...base, ...Object.fromEntries(defined) };
}
