/**
 * The benchmark suite of GitOps for Backstage. Private: run it with `yarn bench` (src/main.ts);
 * nothing here is imported by product code.
 *
 * @packageDocumentation
 */
export { benchPlan } from './runner/plan';
export type { BenchOptions, PlanItem } from './runner/plan';
export type {
  ResultRow,
  ScenarioResult,
  DetailTable,
  Target,
} from './report/types';
export { SCENARIOS } from './scenarios/registry';
export type { ScenarioName } from './scenarios/registry';
