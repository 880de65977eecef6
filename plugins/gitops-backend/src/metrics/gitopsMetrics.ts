import { Attributes, Meter } from '@opentelemetry/api';
import { ApplicationRecord } from '../database/types';
import { ReconcileOutcome } from '../engine/reconciler';

/** Instrument names, for dashboards and tests. */
export const GITOPS_METRICS = {
  reconcileDuration: 'gitops.reconcile.duration',
  syncResults: 'gitops.sync.results',
  driftedResources: 'gitops.resources.drifted',
  queueDepth: 'gitops.queue.depth',
  gitFetchDuration: 'gitops.git.fetch.duration',
  kubeRequests: 'gitops.kube.requests',
} as const;

/** What a reconcile came to: `synced` (a sync ran and succeeded), `unchanged` (nothing to write), `failed`. */
export type ReconcileResult = 'synced' | 'unchanged' | 'failed';

export interface GitOpsMetrics {
  reconciled(
    app: ApplicationRecord,
    outcome: ReconcileOutcome,
    durationSeconds: number,
  ): void;
  gitFetched(durationSeconds: number, ok: boolean): void;
  kubeRequested(method: string, path: string, status: number): void;
}

export interface GitOpsMetricsOptions {
  /** Due applications no replica has claimed yet (read when metrics are collected). */
  countQueued: () => Promise<number>;
  now?: () => number;
}

/**
 * The Kubernetes verb of a request, from its method and path (the API's URL layout:
 * `/api/v1[/namespaces/{ns}]/{resource}[/{name}[/{subresource}]]`, and `/apis/{group}/{version}/…`).
 */
export function kubeVerb(method: string, path: string): string {
  switch (method.toUpperCase()) {
    case 'PATCH':
      return 'patch';
    case 'PUT':
      return 'update';
    case 'POST':
      return 'create';
    case 'DELETE':
      return 'delete';
    default:
  }
  const segments = path.split('/').filter(Boolean);
  let rest = segments[0] === 'apis' ? segments.slice(3) : segments.slice(2);
  if (rest.length === 0) return 'discovery';
  if (rest[0] === 'namespaces' && rest.length >= 3) rest = rest.slice(2);
  return rest.length === 1 ? 'list' : 'get';
}

function resultOf(outcome: ReconcileOutcome): ReconcileResult {
  if (!outcome.succeeded) return 'failed';
  return outcome.sync ? 'synced' : 'unchanged';
}

function driftedCount(outcome: ReconcileOutcome): number {
  return (outcome.state.resources ?? []).filter(r => r.syncStatus !== 'Synced')
    .length;
}

/**
 * The plugin's OpenTelemetry instruments. The portal's OpenTelemetry SDK (if any) exports them;
 * without one the global meter is a no-op.
 *
 * Drifted resources are reported per application by the replica that reconciled it last. An entry
 * expires after two reconcile intervals (plus a minute) without news, so when another replica takes
 * an application over, the old replica's value stops being reported; until then `max by
 * (application)` reads the right value.
 */
export function createGitOpsMetrics(
  meter: Meter,
  options: GitOpsMetricsOptions,
): GitOpsMetrics {
  const now = options.now ?? Date.now;
  const reconcileDuration = meter.createHistogram(
    GITOPS_METRICS.reconcileDuration,
    {
      unit: 's',
      description:
        'Duration of one reconcile of one application (source to record)',
    },
  );
  const syncResults = meter.createCounter(GITOPS_METRICS.syncResults, {
    description:
      'Syncs (reconciles that wrote to a cluster or were asked to), by result and trigger',
  });
  const gitFetchDuration = meter.createHistogram(
    GITOPS_METRICS.gitFetchDuration,
    {
      unit: 's',
      description: 'Duration of one Git fetch into the repository cache',
    },
  );
  const kubeRequests = meter.createCounter(GITOPS_METRICS.kubeRequests, {
    description:
      'Kubernetes API requests by verb and HTTP status (0: no response)',
  });

  const drifted = new Map<string, { count: number; expiresAt: number }>();
  meter
    .createObservableGauge(GITOPS_METRICS.driftedResources, {
      description:
        'Resources of an application that differ from Git or left it, as of its last reconcile',
    })
    .addCallback(result => {
      const at = now();
      for (const [application, entry] of drifted) {
        if (entry.expiresAt < at) drifted.delete(application);
        else result.observe(entry.count, { application });
      }
    });
  meter
    .createObservableGauge(GITOPS_METRICS.queueDepth, {
      description:
        'Applications due for a reconcile that no replica has claimed yet',
    })
    .addCallback(async result => {
      result.observe(await options.countQueued());
    });

  return {
    reconciled(app, outcome, durationSeconds) {
      const result = resultOf(outcome);
      reconcileDuration.record(durationSeconds, { result });
      if (outcome.sync) {
        const attributes: Attributes = {
          result: outcome.sync.result,
          trigger: outcome.sync.trigger,
        };
        syncResults.add(1, attributes);
      }
      drifted.set(app.spec.id, {
        count: driftedCount(outcome),
        expiresAt: now() + 2 * app.spec.intervalSeconds * 1000 + 60_000,
      });
    },
    gitFetched(durationSeconds, ok) {
      gitFetchDuration.record(durationSeconds, { result: ok ? 'ok' : 'error' });
    },
    kubeRequested(method, path, status) {
      kubeRequests.add(1, { verb: kubeVerb(method, path), status });
    },
  };
}
