import { performance } from 'node:perf_hooks';

/** Epoch milliseconds with sub-millisecond resolution, comparable across processes of one machine. */
export function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}
