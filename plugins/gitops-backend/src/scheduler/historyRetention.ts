import { Config } from '@backstage/config';
import { GitOpsStore } from '../database/GitOpsStore';

/** How much sync history is kept (`gitops.history.retention`). */
export interface HistoryRetention {
  /** Newest rows kept per application; older ones go after its next sync. */
  maxPerApplication: number;
  /** Rows that started longer ago go, whatever the application. */
  maxAgeDays: number;
}

export const DEFAULT_HISTORY_RETENTION: HistoryRetention = {
  maxPerApplication: 1000,
  maxAgeDays: 90,
};

/** Rows removed per statement: a purge never holds a long lock or a long transaction. */
export const HISTORY_PURGE_BATCH = 500;

const DAY_MS = 24 * 60 * 60 * 1000;

function positiveInteger(config: Config, key: string, fallback: number) {
  const value = config.getOptionalNumber(key) ?? fallback;
  if (!Number.isInteger(value) || value < 1)
    throw new Error(
      `${key} must be a whole number of at least 1, got ${value}`,
    );
  return value;
}

export function readHistoryRetention(config: Config): HistoryRetention {
  return {
    maxPerApplication: positiveInteger(
      config,
      'gitops.history.retention.maxPerApplication',
      DEFAULT_HISTORY_RETENTION.maxPerApplication,
    ),
    maxAgeDays: positiveInteger(
      config,
      'gitops.history.retention.maxAgeDays',
      DEFAULT_HISTORY_RETENTION.maxAgeDays,
    ),
  };
}

/**
 * One run of the age purge: batches of HISTORY_PURGE_BATCH until one comes back short, at most
 * `maxBatches` of them, so a first run over years of history is spread over several runs.
 * Returns how many rows went.
 */
export async function purgeExpiredHistory(
  store: Pick<GitOpsStore, 'purgeHistoryOlderThan'>,
  retention: Pick<HistoryRetention, 'maxAgeDays'>,
  now: Date,
  maxBatches = 20,
): Promise<number> {
  const olderThan = new Date(now.getTime() - retention.maxAgeDays * DAY_MS);
  let removed = 0;
  for (let batch = 0; batch < maxBatches; batch++) {
    const count = await store.purgeHistoryOlderThan(
      olderThan,
      HISTORY_PURGE_BATCH,
    );
    removed += count;
    if (count < HISTORY_PURGE_BATCH) break;
  }
  return removed;
}
