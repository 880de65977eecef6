import { LoggerService } from '@backstage/backend-plugin-api';
import { GitOpsStore } from '../database/GitOpsStore';
import { ApplicationRecord } from '../database/types';
import { ReconcileOutcome } from '../engine/reconciler';
import { retryDelayMs } from './backoff';
import { HISTORY_PURGE_BATCH } from './historyRetention';

export interface ReconcileWorkerOptions {
  store: GitOpsStore;
  reconcile: (app: ApplicationRecord) => Promise<ReconcileOutcome>;
  logger: LoggerService;
  replica: string;
  /** Reconciles running at once on this replica. */
  concurrency: number;
  leaseMs: number;
  /** How often to look for due applications when nothing wakes the worker. */
  pollIntervalMs: number;
  /** Re-check sooner while resources are Progressing. */
  progressingRecheckMs: number;
  onOutcome?: (
    app: ApplicationRecord,
    outcome: ReconcileOutcome,
  ) => Promise<void> | void;
  /** History rows kept per application; each sync that adds one trims the oldest beyond it. */
  historyPerApplication?: number;
  now?: () => Date;
}

/**
 * Claims due applications (the scaffolder task worker is the model): a conditional update takes the
 * claim, a heartbeat keeps it, and an expired claim — a replica that died — is taken over, its
 * unfinished sync marked Interrupted. Parallelism is bounded per replica; the oldest due
 * application goes first, and queued user/webhook requests before all of them.
 * @alpha
 */
export class ReconcileWorker {
  private readonly running = new Map<string, Promise<void>>();
  private timer?: NodeJS.Timeout;
  private heartbeatTimer?: NodeJS.Timeout;
  private stopped = true;
  private pumping?: Promise<void>;

  constructor(private readonly options: ReconcileWorkerOptions) {}

  private now() {
    return this.options.now?.() ?? new Date();
  }

  start() {
    this.stopped = false;
    this.heartbeatTimer = setInterval(
      () => void this.heartbeat(),
      Math.max(1000, this.options.leaseMs / 3),
    );
    this.schedule(0);
  }

  async stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.heartbeatTimer);
    await Promise.allSettled([...this.running.values()]);
  }

  /** Looks for work now (a request was queued). */
  wake() {
    if (!this.stopped) this.schedule(0);
  }

  private schedule(delayMs: number) {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.pump(), delayMs);
  }

  private async pump() {
    if (this.pumping) return;
    this.pumping = (async () => {
      try {
        await this.claimAndStart();
      } catch (error) {
        this.options.logger.warn(`Could not claim applications: ${error}`);
      }
    })();
    await this.pumping;
    this.pumping = undefined;
    if (!this.stopped) this.schedule(this.options.pollIntervalMs);
  }

  private async claimAndStart(): Promise<number> {
    const free = this.options.concurrency - this.running.size;
    const claimed = await this.options.store.claimDueApplications({
      replica: this.options.replica,
      limit: free,
      leaseMs: this.options.leaseMs,
    });
    for (const app of claimed) {
      const run = this.process(app).finally(() => {
        this.running.delete(app.spec.id);
        this.wake();
      });
      this.running.set(app.spec.id, run);
    }
    return claimed.length;
  }

  private async heartbeat() {
    const ids = [...this.running.keys()];
    if (ids.length === 0) return;
    await this.options.store
      .heartbeat({
        replica: this.options.replica,
        ids,
        leaseMs: this.options.leaseMs,
      })
      .catch(error => {
        this.options.logger.warn(`Heartbeat failed: ${error}`);
      });
  }

  /** Reconciles every due application until none is left (tests, and the first sync at start-up). */
  async drain(): Promise<void> {
    for (;;) {
      const started = await this.claimAndStart();
      if (started === 0 && this.running.size === 0) return;
      await Promise.race(this.running.values());
    }
  }

  /** Interval when done, sooner while rolling out, exponential backoff after a failure. */
  private nextDelayMs(
    app: ApplicationRecord,
    outcome: ReconcileOutcome,
    failureCount: number,
  ): number {
    const interval = app.spec.intervalSeconds * 1000;
    // a refusal (RBAC, another application's object) stands until someone changes something
    if (!outcome.succeeded && outcome.permanent) return interval;
    if (!outcome.succeeded)
      return retryDelayMs(app.spec.policy.retry, failureCount);
    return outcome.state.health === 'Progressing'
      ? Math.min(this.options.progressingRecheckMs, interval)
      : interval;
  }

  private async process(app: ApplicationRecord & { staleClaimBy?: string }) {
    // every line about this application carries its id, like the reconciler's own lines
    const logger = this.options.logger.child({ applicationId: app.spec.id });
    try {
      await this.reconcileAndRelease(app, logger);
    } catch (error) {
      // the claim lapses with its lease and another attempt follows; never an unhandled rejection
      logger.error(
        `Reconcile of ${app.spec.id} could not be recorded: ${error}`,
      );
    }
  }

  private async reconcileAndRelease(
    app: ApplicationRecord & { staleClaimBy?: string },
    logger: LoggerService,
  ) {
    const { store, replica } = this.options;
    // whoever held this claim before us is gone (or we restarted): its running sync is over
    const interrupted = await store.interruptRunningSyncs(app.spec.id);
    if (interrupted > 0)
      logger.warn(
        `Marked ${interrupted} unfinished sync(s) of ${app.spec.id} Interrupted`,
      );
    const outcome = await this.options.reconcile(app);
    const now = this.now();
    const failureCount = outcome.succeeded ? 0 : app.failureCount + 1;
    const delay = this.nextDelayMs(app, outcome, failureCount);
    await store.releaseApplication(app.spec.id, replica, {
      nextReconcileAt: new Date(now.getTime() + delay),
      failureCount,
      state: outcome.state,
      servedRequest: app.request,
      synced: outcome.synced,
      lastSync: outcome.sync
        ? {
            id: outcome.sync.id,
            at: new Date(outcome.sync.startedAt),
            durationMs:
              new Date(outcome.sync.finishedAt ?? now).getTime() -
              new Date(outcome.sync.startedAt).getTime(),
            result: outcome.sync.result,
          }
        : undefined,
      reconciledAt: now,
    });
    if (outcome.sync && this.options.historyPerApplication) {
      await store
        .trimApplicationHistory(
          app.spec.id,
          this.options.historyPerApplication,
          HISTORY_PURGE_BATCH,
        )
        .catch(error =>
          logger.warn(`Could not trim the history of ${app.spec.id}: ${error}`),
        );
    }
    try {
      await this.options.onOutcome?.(app, outcome);
    } catch (error) {
      logger.warn(`Outcome handler failed: ${error}`);
    }
  }
}
