import {
  OWNERSHIP,
  ResourceOutcome,
  SyncCounts,
  SyncRecord,
  SyncTrigger,
} from '@backstage-gitops/plugin-gitops-common';
import { LoggerService } from '@backstage/backend-plugin-api';
import { randomUUID } from 'node:crypto';
import { GitOpsStore } from '../database/GitOpsStore';
import {
  ApplicationRecord,
  ApplicationState,
  InventoryItem,
} from '../database/types';
import { applyInOrder } from './apply/applyInOrder';
import {
  appLabelValue,
  withOwnership,
  withoutIgnoredFields,
} from './apply/ownership';
import { ClusterApi } from './cluster/clusterApi';
import { describeIdentity } from './cluster/identity';
import { KubeApiError } from './cluster/kubeClient';
import {
  compareWithCluster,
  toResourceStatus,
  withoutDiff,
} from './compare/compareWithCluster';
import { DryRunMemo } from './compare/dryRunMemo';
import { keyOf, readLiveObjects } from './compare/liveState';
import {
  classifyApplyFailure,
  classifyFailure,
  ConfigurationError,
  FailurePlaces,
} from './failures';
import { worstHealth } from './health';
import { prune } from './prune/prune';
import { renderManifests } from '@backstage-gitops/plugin-gitops-node';
import { RenderCache } from '@backstage-gitops/plugin-gitops-node';
import { scrubSecrets, secretValues } from './secrets';
import { SourceError } from '@backstage-gitops/plugin-gitops-node';
import { GitRepositoryCache } from './source/gitRepositoryCache';
import { HealthStatus, KubeObject } from '@backstage-gitops/plugin-gitops-node';
import { validateObjects } from '@backstage-gitops/plugin-gitops-node';
import type { Projects } from '../projects';

export interface ReconcilerOptions {
  store: GitOpsStore;
  source: GitRepositoryCache;
  clusters: Map<string, ClusterApi>;
  logger: LoggerService;
  replica: string;
  assessHealth: (obj: KubeObject | undefined) => {
    status: HealthStatus;
    message: string;
  };
  /** Renders by repository, revision and path: a commit's tree never changes (built by the engine factory). */
  renderCache: RenderCache;
  /** Pairs a dry-run found in sync (built by the engine factory). */
  dryRunMemo: DryRunMemo;
  /** The platform's projects (`gitops.projects`): every reconcile checks its application against them. */
  projects: Projects;
  kubectlPath?: string;
  applyConcurrency?: number;
  waveTimeoutMs?: number;
  /** `gitops.security.requireImpersonation`: an application without `impersonate` is refused. */
  requireImpersonation?: boolean;
  now?: () => Date;
}

/** What one reconcile decided; the worker turns it into the release of the claim. @alpha */
export interface ReconcileOutcome {
  state: ApplicationState;
  succeeded: boolean;
  /** The commit this reconcile worked on, once it was resolved (notifications tell problems apart by it). */
  revision?: string;
  /** Set when a sync ran (a history row exists for it). */
  sync?: SyncRecord;
  /**
   * The failure is one a retry cannot fix (RBAC forbids the application's identity, an object
   * belongs to another application, impersonation is required and missing): the next attempt
   * waits for the interval, a new commit or a user, not for the retry backoff.
   */
  permanent?: boolean;
  synced?: { revision: string; specHash: string };
}

const stub = (i: InventoryItem): KubeObject => ({
  apiVersion: i.apiVersion,
  kind: i.kind,
  metadata: { name: i.name, namespace: i.namespace },
});
const toInventory = (o: KubeObject): InventoryItem => ({
  apiVersion: o.apiVersion,
  kind: o.kind,
  namespace: o.metadata.namespace,
  name: o.metadata.name,
});

/** The platform requires an identity and the application names none: a configuration fault. */
class ImpersonationRequiredError extends ConfigurationError {
  name = 'ImpersonationRequiredError';
}

const describeObject = (obj: KubeObject) =>
  `${obj.kind} ${obj.metadata.namespace ? `${obj.metadata.namespace}/` : ''}${
    obj.metadata.name
  }`;

function countOutcomes(outcomes: ResourceOutcome[]): SyncCounts {
  const count = (action: ResourceOutcome['action']) =>
    outcomes.filter(o => o.action === action).length;
  return {
    created: count('created'),
    updated: count('updated') + count('replaced'),
    unchanged: count('unchanged'),
    pruned: count('pruned'),
  };
}

/**
 * One reconcile of one application, as a linear pipeline:
 * source → render → validate → diff → (decide) → apply → prune → health → record.
 * The caller holds the application's claim; this function never throws.
 */
export async function reconcileApplication(
  options: ReconcilerOptions,
  app: ApplicationRecord,
): Promise<ReconcileOutcome> {
  const now = options.now ?? (() => new Date());
  const { spec } = app;
  const request = app.request;
  const logger = options.logger.child({ applicationId: spec.id });
  let secrets: string[] = [];
  let sync: SyncRecord | undefined;
  let revision: string | undefined;
  let commit: ApplicationState['commit'];
  const configured = options.clusters.get(spec.destination.cluster);
  // what an error message names: which cluster, which repository
  const places: FailurePlaces = {
    cluster: {
      name: spec.destination.cluster,
      server: configured?.client.server,
    },
    repoUrl: spec.source.repoUrl,
  };

  try {
    // 0. project: the application must still fit its project as configured now, before any read
    const kinds = options.projects.kindPolicyFor(spec);

    // 1. source: one cheap ref lookup, then a shallow fetch only when the commit is not cached
    if (!configured)
      throw new ConfigurationError(
        `Cluster '${spec.destination.cluster}' is not configured in kubernetes.clusterLocatorMethods or gitops.clusters`,
      );
    // every object request on the application's behalf runs as its identity (RBAC decides)
    const cluster = configured.as(spec.impersonate);
    revision =
      request?.revision ??
      app.pinnedRevision ??
      (await options.source.resolveRevision(
        spec.source.repoUrl,
        spec.source.ref,
      ));
    if (options.requireImpersonation && !spec.impersonate)
      throw new ImpersonationRequiredError(
        `Refused: gitops.security.requireImpersonation is on and application ${spec.id} names no identity to impersonate in cluster '${spec.destination.cluster}'; nothing was read or written in the cluster`,
      );
    const checkout = await options.source.checkout(
      spec.source.repoUrl,
      spec.source.ref,
      revision,
    );
    commit = checkout.commit;

    // 2. render and 3. validate: any failure ends here, before the first write
    const rendered = await options.renderCache.get(
      `${spec.source.repoUrl}|${revision}|${spec.source.path}`,
      () =>
        renderManifests({
          checkoutDir: checkout.dir,
          path: spec.source.path,
          kubectlPath: options.kubectlPath,
        }),
    );
    // malformed objects are validation's to report: discovery only for well-formed apiVersions
    await cluster.preload(
      rendered.objects
        .map(r => r.object?.apiVersion)
        .filter((v): v is string => typeof v === 'string' && v !== ''),
    );
    const valid = validateObjects(
      rendered.objects,
      {
        namespace: spec.destination.namespace,
        allowedNamespaces: spec.destination.allowedNamespaces,
        allowClusterScoped: spec.destination.allowClusterScoped,
        kinds,
      },
      (apiVersion, kind) => cluster.scopeOf(apiVersion, kind),
    );
    const desired = valid.map(r =>
      withoutIgnoredFields(
        withOwnership(r.object, spec.id),
        spec.ignoreDifferences,
      ),
    );
    secrets = secretValues(desired);
    const sources = new Map(
      desired.map((obj, i) => [keyOf(obj), valid[i].source]),
    );

    // 4. diff: live state of everything desired plus what the last sync left behind
    const desiredKeys = new Set(desired.map(keyOf));
    const previous = (await options.store.getInventory(spec.id)).map(stub);
    const extraneous = previous.filter(o => !desiredKeys.has(keyOf(o)));
    const live = await readLiveObjects(cluster, [...desired, ...extraneous], {
      labelSelector: `${OWNERSHIP.appLabel}=${appLabelValue(spec.id)}`,
    });
    const comparisons = await compareWithCluster(
      cluster,
      desired,
      live,
      spec.ignoreDifferences,
      {
        memo: options.dryRunMemo,
        app: { id: spec.id, adoptExisting: spec.adoptExisting },
      },
    );
    const extraneousLive = extraneous.filter(o => live.has(keyOf(o)));
    const drifted = comparisons.filter(c => c.status !== 'Synced');
    const conflicts = comparisons.filter(c => c.conflict);

    // decide: new commits follow `automated`, drift on the same commit follows `selfHeal`
    const newDesiredState =
      revision !== app.syncedRevision || app.specHash !== app.syncedSpecHash;
    const automated = spec.policy.automated && !app.pinnedRevision;
    const wantSync =
      Boolean(request?.sync) ||
      (automated && (newDesiredState || spec.policy.selfHeal));
    const pendingWrites =
      drifted.length > 0 || (spec.policy.prune && extraneousLive.length > 0);
    const health = (key: string, fallback?: KubeObject) =>
      options.assessHealth(live.get(key) ?? fallback);

    if (!wantSync || (!pendingWrites && !request?.sync)) {
      const resources = [
        ...comparisons.map(c =>
          toResourceStatus(
            c,
            health(c.key).status,
            health(c.key).message,
            live.get(c.key),
          ),
        ),
        ...extraneousLive.map(o =>
          toResourceStatus(
            withoutDiff({ desired: o, status: 'Extraneous' as const }),
            health(keyOf(o)).status,
            undefined,
            live.get(keyOf(o)),
          ),
        ),
      ];
      const inSync = drifted.length === 0 && extraneousLive.length === 0;
      return {
        succeeded: true,
        revision,
        synced:
          inSync && newDesiredState
            ? { revision, specHash: app.specHash }
            : undefined,
        state: {
          syncStatus: inSync ? 'Synced' : 'OutOfSync',
          health: worstHealth(
            resources
              .filter(r => r.syncStatus !== 'Extraneous')
              .map(r => r.health),
          ),
          message: inSync
            ? `In sync with ${revision.slice(0, 7)}`
            : describeDrift(
                drifted.length - conflicts.length,
                extraneousLive.length,
                wantSync,
                conflicts.map(
                  c => `${describeObject(c.desired)}: ${c.conflict}`,
                ),
              ),
          revision: inSync
            ? revision
            : app.state.revision ?? app.syncedRevision,
          commit: inSync ? commit : app.state.commit,
          resources,
        },
      };
    }

    // 5. apply what is out of sync, in order
    // the same commit applied again can only mean the cluster drifted from it
    const trigger: SyncTrigger =
      request?.trigger ??
      (revision !== app.syncedRevision ? 'poll' : 'self-heal');
    sync = {
      id: randomUUID(),
      applicationId: spec.id,
      revision,
      commit,
      trigger,
      triggeredBy: request?.requestedBy,
      startedAt: now().toISOString(),
      result: 'Running',
      counts: { created: 0, updated: 0, unchanged: 0, pruned: 0 },
    };
    await options.store.insertSync({
      ...sync,
      entityRef: spec.entityRef,
      replica: options.replica,
    });
    logger.info(
      `Sync ${sync.id} of ${revision.slice(
        0,
        7,
      )} started (${trigger}) as ${describeIdentity(spec.impersonate)}: ${
        drifted.length
      } to apply, ${extraneousLive.length} extraneous`,
    );
    const only = request?.resources?.length
      ? new Set(
          comparisons
            .filter(c =>
              request.resources!.some(
                r =>
                  r.kind === c.desired.kind &&
                  r.name === c.desired.metadata.name &&
                  (!r.namespace ||
                    r.namespace === c.desired.metadata.namespace),
              ),
            )
            .map(c => c.key),
        )
      : undefined;
    const applied = await applyInOrder(cluster, comparisons, {
      concurrency: options.applyConcurrency ?? 8,
      waveTimeoutMs: options.waveTimeoutMs ?? 120_000,
      crdTimeoutMs: 30_000,
      health: options.assessHealth,
      only,
      sourceOf: key => sources.get(key),
    });

    // 6. prune: only after a complete apply, only objects still marked as ours
    let pruned = {
      outcomes: [] as ResourceOutcome[],
      remaining: extraneousLive,
    };
    if (!applied.error && spec.policy.prune && !only)
      pruned = await prune(cluster, spec.id, extraneousLive, live);

    // 7. health of what is live now
    const after = (key: string) => applied.applied.get(key) ?? live.get(key);
    const resources = comparisons.map(c => {
      const h = options.assessHealth(after(c.key));
      const nowSynced = applied.applied.has(c.key)
        ? withoutDiff({ ...c, status: 'Synced' as const })
        : c;
      return toResourceStatus(nowSynced, h.status, h.message, after(c.key));
    });

    // 8. record: history row, inventory (failed applies keep the previous entries), status
    const outcomes = [...applied.outcomes, ...pruned.outcomes];
    const failure =
      applied.error === undefined
        ? undefined
        : classifyApplyFailure(applied.error, applied.cause, places);
    const error = scrubSecrets(failure?.message, secrets);
    const finishedAt = now().toISOString();
    sync = {
      ...sync,
      result: error ? 'Failed' : 'Succeeded',
      finishedAt,
      counts: countOutcomes(outcomes),
      error,
      resources: outcomes.map(o => ({
        ...o,
        message: scrubSecrets(o.message, secrets),
      })),
    };
    const inventory = error
      ? [...desired, ...extraneous]
      : [...desired, ...pruned.remaining];
    const recorded = await options.store.finishSync(sync.id, sync, {
      applicationId: spec.id,
      replica: options.replica,
      inventory: inventory.map(toInventory),
    });
    if (!recorded)
      logger.warn(
        `Sync ${sync.id} finished after this replica lost the claim; the new owner's record stands`,
      );
    else
      logger.info(
        `Sync ${sync.id} ${sync.result}: ${JSON.stringify(sync.counts)}`,
      );
    return {
      succeeded: !error,
      permanent: error ? applied.permanent : undefined,
      revision,
      sync,
      synced: error ? undefined : { revision, specHash: app.specHash },
      state: {
        syncStatus: error ? 'Failed' : 'Synced',
        health: worstHealth(resources.map(r => r.health)),
        message: error
          ? `Sync of ${revision.slice(0, 7)} failed`
          : `Synced ${revision.slice(0, 7)}`,
        error,
        errorCategory: failure?.category,
        revision: error ? app.state.revision : revision,
        commit: error ? app.state.commit : commit,
        resources,
      },
    };
  } catch (caught) {
    const failure = classifyFailure(caught, places);
    const error = scrubSecrets(failure.message, secrets)!;
    logger.warn(`Reconcile failed: ${error}`);
    if (sync) {
      sync = {
        ...sync,
        result: 'Failed',
        finishedAt: now().toISOString(),
        error,
      };
      // the failure is the reconcile's outcome either way: a store that cannot record it is logged
      await options.store
        .finishSync(sync.id, sync)
        .catch(recordError =>
          logger.error(
            `Could not record the failed sync ${sync!.id}: ${recordError}`,
          ),
        );
    } else if (
      revision &&
      !(caught instanceof SourceError) &&
      shouldRecordFailure(app, error)
    ) {
      // a commit that cannot be rendered or validated is one failed sync attempt in history
      sync = {
        id: randomUUID(),
        applicationId: spec.id,
        revision,
        commit,
        trigger: request?.trigger ?? 'poll',
        triggeredBy: request?.requestedBy,
        startedAt: now().toISOString(),
        finishedAt: now().toISOString(),
        result: 'Failed',
        counts: { created: 0, updated: 0, unchanged: 0, pruned: 0 },
        error,
      };
      await options.store
        .insertSync({
          ...sync,
          entityRef: spec.entityRef,
          replica: options.replica,
        })
        .catch(recordError =>
          logger.error(
            `Could not record the failed sync ${sync!.id}: ${recordError}`,
          ),
        );
    }
    return {
      succeeded: false,
      permanent:
        caught instanceof ImpersonationRequiredError ||
        (caught instanceof KubeApiError && caught.status === 403),
      revision,
      sync,
      state: {
        ...app.state,
        syncStatus: 'Failed',
        message: `Reconcile failed: ${error}`,
        error,
        errorCategory: failure.category,
      },
    };
  }
}

function shouldRecordFailure(app: ApplicationRecord, error: string): boolean {
  if (app.request?.sync) return true;
  return !(app.lastSyncResult === 'Failed' && app.state.error === error);
}

function describeDrift(
  outOfSync: number,
  extraneous: number,
  willSync: boolean,
  conflicts: string[] = [],
): string {
  const parts = [];
  if (conflicts.length)
    parts.push(
      conflicts.length === 1
        ? '1 resource may not be written by this application'
        : `${conflicts.length} resources may not be written by this application`,
    );
  if (outOfSync)
    parts.push(
      outOfSync === 1
        ? '1 resource differs from Git'
        : `${outOfSync} resources differ from Git`,
    );
  if (extraneous)
    parts.push(
      extraneous === 1
        ? '1 resource left Git'
        : `${extraneous} resources left Git`,
    );
  const summary = `${parts.join(', ')}${
    willSync ? '' : ' (self-heal is off: drift is reported, not corrected)'
  }`;
  return conflicts.length ? `${summary}. ${conflicts.join('; ')}` : summary;
}
