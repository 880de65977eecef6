import { DatabaseKind } from '../engine/database';
import { ScenarioParams } from '../scenarios/context';
import { ScenarioName } from '../scenarios/registry';

export interface BenchOptions {
  quick: boolean;
  /** Scenario names to run (all when empty). */
  only: ScenarioName[];
  db: DatabaseKind;
  /** Overrides every scenario's run count. */
  runs?: number;
  /** Overrides the steady-state fleet size. */
  apps?: number;
  /** Worker concurrency of the steady-state round (default: the plugin's, 4). */
  concurrency?: number;
  /** Leave out the size series of scenarios 1–3 (100 → 1,000 → 5,000). */
  growth: boolean;
}

/** One scenario process to start; `group` marks the size series entries of the growth table. */
export interface PlanItem {
  name: ScenarioName;
  params: ScenarioParams;
  group?: 'sync-growth' | 'steady-growth';
}

/**
 * What a full run measures, and the lighter `--quick` variant. Sizes and counts are the brief's:
 * ≥ 5 runs per ratio, ≥ 20 webhook samples, ≥ 5 polling samples, ≥ 50 samples per query.
 */
export function benchPlan(options: BenchOptions): PlanItem[] {
  const q = options.quick;
  const base = { db: options.db, quick: q };
  const runs = (full: number, quick: number) =>
    options.runs ?? (q ? quick : full);
  const apps = options.apps ?? (q ? 100 : 1000);
  const items: PlanItem[] = [
    {
      name: 'sync',
      params: { ...base, runs: runs(5, 2), objects: q ? 200 : 500 },
    },
    {
      name: 'steady',
      params: {
        ...base,
        runs: runs(5, 2),
        apps,
        ...(options.concurrency ? { concurrency: options.concurrency } : {}),
      },
    },
    { name: 'webhook', params: { ...base, runs: 1, samples: q ? 6 : 20 } },
    { name: 'poll', params: { ...base, runs: 1, samples: q ? 3 : 6 } },
    {
      name: 'git',
      params: {
        ...base,
        runs: runs(5, 2),
        commits: q ? 300 : 2000,
        files: q ? 500 : 3000,
      },
    },
    { name: 'kustomize', params: { ...base, runs: runs(10, 3) } },
    {
      name: 'history',
      params: {
        ...base,
        runs: 1,
        rows: q ? 100_000 : 1_000_000,
        samples: q ? 20 : 60,
      },
    },
    {
      name: 'overview',
      params: { ...base, runs: runs(7, 3), apps: q ? 1000 : 5000 },
    },
  ];
  if (options.growth) {
    const sizes = q ? [50, 400] : [100, 1000, 5000];
    // fewer runs for the big sizes: the growth table needs the shape, and kubectl takes ~30 s at 5,000
    const growthRuns = (objects: number) => {
      if (q || objects >= 5000) return 1;
      return objects >= 1000 ? 2 : 3;
    };
    for (const objects of sizes)
      items.push({
        name: 'sync',
        params: { ...base, runs: options.runs ?? growthRuns(objects), objects },
        group: 'sync-growth',
      });
    const fleets = q ? [30] : [100];
    for (const fleet of fleets)
      items.push({
        name: 'steady',
        params: { ...base, runs: options.runs ?? (q ? 1 : 2), apps: fleet },
        group: 'steady-growth',
      });
  }
  return options.only.length
    ? items.filter(item => options.only.includes(item.name))
    : items;
}
