import { SyncPolicy } from '@backstage-gitops/plugin-gitops-common';

/** Exponential backoff with ±20% jitter, capped; the retry count keeps growing but the delay does not. */
export function retryDelayMs(
  retry: SyncPolicy['retry'],
  failureCount: number,
  random = Math.random,
): number {
  const base =
    retry.initialBackoffSeconds * 1000 * 2 ** Math.max(0, failureCount - 1);
  const capped = Math.min(base, retry.maxBackoffSeconds * 1000);
  return Math.round(capped * (0.8 + random() * 0.4));
}
