import { Infra } from '../infra/infraClient';
import { BenchDatabase, DatabaseKind } from '../engine/database';

/** Parameters every scenario process receives; scenario-specific ones ride along. */
export interface ScenarioParams {
  runs: number;
  db: DatabaseKind;
  quick: boolean;
  [key: string]: unknown;
}

/** What a scenario needs from the process running it; infra and db are created on first use. */
export interface ScenarioContext {
  params: ScenarioParams;
  infra(): Promise<Infra>;
  database(label: string): Promise<BenchDatabase>;
  progress(message: string): void;
}

export const round = (value: number, digits = 0) =>
  Number.isFinite(value) ? Number(value.toFixed(digits)) : NaN;

/** `get 20 · list 6 · apply 500`, largest first. */
export function formatCounts(counts: Record<string, number>): string {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  return entries.length
    ? entries.map(([k, v]) => `${k} ${v}`).join(' · ')
    : '—';
}
