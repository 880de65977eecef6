import { Config } from '@backstage/config';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GitOpsStore } from '../../database/GitOpsStore';
import { ClusterApi } from '../../engine/cluster/clusterApi';
import { KubeClientOptions } from '../../engine/cluster/kubeClient';
import { KUBECTL } from '../../engine/integration/harness';
import { ReconcileOutcome } from '../../engine/reconciler';
import { GitRepositoryCache } from '../../engine/source/gitRepositoryCache';
import { createReconcileEngine, ReconcileFn } from '../../reconcileEngine';
import { ReconcileWorker } from '../../scheduler/ReconcileWorker';
import { RecordingLogger } from './recordingLogger';

export interface ReplicaOptions {
  replica: string;
  leaseMs?: number;
  concurrency?: number;
  /** How often a started worker looks for due applications. */
  pollIntervalMs?: number;
  /** Deadline of each Git HTTP request. */
  gitTimeoutMs?: number;
  /** Retries and per-request timeout of the Kubernetes client. */
  kube?: KubeClientOptions;
  logger?: RecordingLogger;
  /** Lets a test interpose on cluster calls (hang an apply, cut a connection at a chosen moment). */
  onCluster?: (cluster: ClusterApi) => void;
  wrap?: (reconcile: ReconcileFn) => ReconcileFn;
}

export interface TestReplica {
  name: string;
  worker: ReconcileWorker;
  clusters: Map<string, ClusterApi>;
  source: GitRepositoryCache;
  logger: RecordingLogger;
  /** Every outcome this replica's worker released, in order. */
  outcomes: Array<{ applicationId: string; outcome: ReconcileOutcome }>;
  /** Stops the worker (waits for running reconciles) and removes the Git cache. */
  stop(): Promise<void>;
  /** Removes the Git cache without waiting: for a replica that "died" with a reconcile hanging. */
  discard(): void;
}

/**
 * One backend replica wired as the plugin wires it (its own Git cache, cluster clients and worker)
 * on a shared store, with the knobs the fault tests turn: timeouts, retries, lease, poll interval.
 */
export function createTestReplica(
  store: GitOpsStore,
  config: Config,
  options: ReplicaOptions,
): TestReplica {
  const logger = options.logger ?? new RecordingLogger();
  const outcomes: TestReplica['outcomes'] = [];
  const { source, clusters, worker, cacheDir } = createReconcileEngine({
    store,
    config,
    logger,
    replica: options.replica,
    cacheDir: fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-resilience-')),
    kubectlPath: KUBECTL,
    git: { timeoutMs: options.gitTimeoutMs ?? 5_000 },
    kube: { attempts: 2, ...options.kube },
    reconciler: { waveTimeoutMs: 10_000 },
    worker: {
      concurrency: options.concurrency ?? 4,
      leaseMs: options.leaseMs ?? 30_000,
      pollIntervalMs: options.pollIntervalMs ?? 60_000,
      progressingRecheckMs: 60_000,
    },
    wrap: options.wrap,
    onOutcome: (app, outcome) =>
      void outcomes.push({ applicationId: app.spec.id, outcome }),
  });
  for (const cluster of clusters.values()) options.onCluster?.(cluster);
  return {
    name: options.replica,
    worker,
    clusters,
    source,
    logger,
    outcomes,
    stop: async () => {
      await worker.stop();
      fs.rmSync(cacheDir, { recursive: true, force: true });
    },
    discard: () => fs.rmSync(cacheDir, { recursive: true, force: true }),
  };
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function eventually<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs = 60_000,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise(r => setTimeout(r, everyMs));
  }
}

/** Makes applications due now, as their interval passing would. */
export async function makeDue(knex: import('knex').Knex, ids?: string[]) {
  const query = knex('gitops_applications');
  if (ids) query.whereIn('id', ids);
  await query.update({ next_reconcile_at: new Date(Date.now() - 1000) });
}
