import {
  ApplicationDetails,
  ApplicationSummary,
  OnboardingError,
} from '@backstage-gitops/plugin-gitops-common';
import { LoggerService } from '@backstage/backend-plugin-api';
import { GitOpsApi } from './gitopsApi';

export interface SyncEntityOptions {
  api: GitOpsApi;
  entityRef: string;
  timeoutMs: number;
  /** Also wait until every application is Healthy (not only Synced). */
  waitForHealthy: boolean;
  logger: Pick<LoggerService, 'info' | 'warn'>;
  pollIntervalMs?: number;
  signal?: AbortSignal;
  now?: () => number;
}

export class SyncTimeoutError extends Error {
  name = 'SyncTimeoutError';
}

/** Where one application stands, as far as this action is concerned. */
interface Tracked {
  summary: ApplicationSummary;
  /** Id of the last finished sync before we asked; a different one finished after we asked. */
  syncBefore?: string;
  queued: boolean;
  details?: ApplicationDetails;
  lastLine?: string;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new Error('Cancelled'));
      return;
    }
    let timer: NodeJS.Timeout | undefined = undefined;
    const onAbort = () => {
      clearTimeout(timer);
      reject(new Error('Cancelled'));
    };
    timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function isDone(app: Tracked, waitForHealthy: boolean): boolean {
  const d = app.details;
  if (
    !app.queued ||
    !d?.lastSync ||
    d.lastSync.id === app.syncBefore ||
    d.lastSync.result === 'Running'
  )
    return false;
  return (
    d.syncStatus === 'Synced' && (!waitForHealthy || d.health === 'Healthy')
  );
}

function describe(app: Tracked): string {
  const d = app.details ?? app.summary;
  const why = d.error ?? (app.details?.lastSync?.error || d.message);
  return `${d.environment}: ${d.syncStatus}, ${d.health}${
    why ? ` (${why})` : ''
  }`;
}

/**
 * Requests a sync of every application of an entity and waits until each has finished a sync
 * started after the request, Synced (and Healthy when asked). The entity's applications appear
 * once the GitOps backend's catalog onboarding has seen it, so their absence is waited out too.
 */
export async function syncEntityApplications(
  options: SyncEntityOptions,
): Promise<ApplicationDetails[]> {
  const { api, entityRef, logger, signal } = options;
  const now = options.now ?? Date.now;
  const pollMs = options.pollIntervalMs ?? 2_000;
  const deadline = now() + options.timeoutMs;
  const seconds = Math.round(options.timeoutMs / 1000);

  // 1. wait for onboarding: the entity was usually registered moments ago
  let apps: ApplicationSummary[] = [];
  let errors: OnboardingError[] = [];
  for (let first = true; ; first = false) {
    ({ items: apps, errors } = await api.entityApplications(entityRef));
    if (apps.length > 0) break;
    if (now() >= deadline) {
      const reason = errors.length
        ? `: ${errors.map(e => e.message).join('; ')}`
        : ' (is the entity in the catalog, with the gitops.backstage.io/config-repo annotation?)';
      throw new SyncTimeoutError(
        `${entityRef} has no GitOps applications after ${seconds} s${reason}`,
      );
    }
    if (first)
      logger.info(`Waiting for the GitOps backend to onboard ${entityRef}`);
    errors.forEach(e => logger.warn(`Onboarding ${entityRef}: ${e.message}`));
    await sleep(pollMs, signal);
  }
  logger.info(
    `${entityRef} has ${apps.length} GitOps application(s): ${apps
      .map(a => a.environment)
      .join(', ')}`,
  );

  // 2. request a sync of each and 3. wait for them
  const tracked: Tracked[] = [];
  for (const summary of apps)
    tracked.push({
      summary,
      syncBefore: (await api.application(summary.id)).lastSync?.id,
      queued: false,
    });
  for (;;) {
    for (const app of tracked) {
      if (!app.queued) {
        app.queued = (await api.requestSync(app.summary.id)) === 'queued';
        logger.info(
          app.queued
            ? `Sync of ${app.summary.id} requested`
            : `A sync of ${app.summary.id} is running; asking again when it ends`,
        );
        continue;
      }
      app.details = await api.application(app.summary.id);
      const line = describe(app);
      if (line !== app.lastLine) logger.info(line);
      app.lastLine = line;
    }
    if (tracked.every(app => isDone(app, options.waitForHealthy)))
      return tracked.map(app => app.details!);
    if (now() >= deadline) {
      const pending = tracked.filter(
        app => !isDone(app, options.waitForHealthy),
      );
      const goal = options.waitForHealthy ? 'Synced and Healthy' : 'Synced';
      throw new SyncTimeoutError(
        `Applications of ${entityRef} not ${goal} after ${seconds} s: ${pending
          .map(describe)
          .join('; ')}`,
      );
    }
    await sleep(pollMs, signal);
  }
}
