import { Stats } from '../measure/stats';

/** A target: ours divided by the peer's median at most `max`, or ours at most `max` in the row's unit. */
export type Target =
  | { kind: 'ratio'; max: number }
  | { kind: 'absolute'; max: number; stat: 'median' | 'p50' | 'p95' | 'max' };

/** One line of the results table: the same work done by the engine and (usually) by a peer. */
export interface ResultRow {
  /** Scenario number and short name, e.g. `1. First sync, 500 objects`. */
  scenario: string;
  /** What was measured, e.g. `wall time`. */
  measure: string;
  unit: 'ms' | 'MB' | 'requests';
  ours: Stats;
  peer?: { name: string; stats: Stats };
  target?: Target;
  /** Which statistic the table shows for ours (default the median); min and max are always shown. */
  show?: 'median' | 'p95';
}

/** What a scenario process sends back. */
export interface ScenarioResult {
  id: string;
  title: string;
  rows: ResultRow[];
  /** Secondary figures (CPU, memory, request counts), as small tables. */
  details: DetailTable[];
  /** What exactly was measured, and anything surprising. */
  notes: string[];
  /** Warnings the engine logged, failed assertions: a run with problems is reported, not hidden. */
  problems: string[];
}

export interface DetailTable {
  title: string;
  header: string[];
  rows: Array<Array<string | number>>;
}

/** Whether a row meets its target; undefined when it has none (or no peer for a ratio). */
export function meetsTarget(row: ResultRow): boolean | undefined {
  if (!row.target) return undefined;
  if (row.target.kind === 'ratio') {
    if (!row.peer) return undefined;
    return row.ours.median / row.peer.stats.median <= row.target.max;
  }
  const value = {
    p95: row.ours.p95,
    max: row.ours.max,
    p50: row.ours.median,
    median: row.ours.median,
  }[row.target.stat];
  return value <= row.target.max;
}
