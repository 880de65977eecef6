/** Summary figures of a load soak, computed from raw samples; pure so they are tested on their own. */

/** Nearest-rank percentile (p in 0..100) of a list of numbers; undefined for an empty list. */
export function percentile(values: number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export interface MemorySample {
  /** Milliseconds since the load started. */
  atMs: number;
  rssBytes: number;
}

export interface MemoryTrend {
  /** Median RSS over the first minute after warm-up, and over the last minute, in MiB. */
  afterWarmUpMiB: number;
  lastMinuteMiB: number;
  /** Least-squares slope after warm-up, MiB per minute. */
  slopeMiBPerMinute: number;
  samples: number;
}

const MIB = 1024 * 1024;
const MINUTE = 60_000;

/** How RSS moved once the warm-up was over; undefined when fewer than two samples follow it. */
export function memoryTrend(
  samples: MemorySample[],
  warmUpMs: number,
): MemoryTrend | undefined {
  const after = samples.filter(s => s.atMs >= warmUpMs);
  if (after.length < 2) return undefined;
  const end = after[after.length - 1].atMs;
  const firstMinute = after
    .filter(s => s.atMs < warmUpMs + MINUTE)
    .map(s => s.rssBytes);
  const lastMinute = after
    .filter(s => s.atMs > end - MINUTE)
    .map(s => s.rssBytes);
  const n = after.length;
  const meanX = after.reduce((a, s) => a + s.atMs, 0) / n;
  const meanY = after.reduce((a, s) => a + s.rssBytes, 0) / n;
  const covariance = after.reduce(
    (a, s) => a + (s.atMs - meanX) * (s.rssBytes - meanY),
    0,
  );
  const variance = after.reduce((a, s) => a + (s.atMs - meanX) ** 2, 0);
  return {
    afterWarmUpMiB: percentile(firstMinute, 50)! / MIB,
    lastMinuteMiB: percentile(lastMinute, 50)! / MIB,
    slopeMiBPerMinute:
      variance === 0 ? 0 : ((covariance / variance) * MINUTE) / MIB,
    samples: n,
  };
}

/** Events per minute over a window. */
export function perMinute(count: number, windowMs: number): number {
  return windowMs <= 0 ? 0 : (count * MINUTE) / windowMs;
}
