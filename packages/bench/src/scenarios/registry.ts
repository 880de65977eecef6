import { ScenarioResult } from '../report/types';
import { ScenarioContext } from './context';

type Runner = (ctx: ScenarioContext) => Promise<ScenarioResult>;

/*
 * Loaded on demand: a scenario process then holds only its own scenario's modules (the overview
 * page's bundler and browser driver stay out of the engine's memory figures).
 */
/* eslint-disable @typescript-eslint/no-require-imports */
export const SCENARIOS = {
  sync: (): Runner => require('./syncScenario').runSyncScenario,
  steady: (): Runner => require('./steadyState').runSteadyState,
  webhook: (): Runner => require('./webhookLatency').runWebhookLatency,
  poll: (): Runner => require('./pollLatency').runPollLatency,
  git: (): Runner => require('./gitFetch').runGitFetch,
  kustomize: (): Runner => require('./kustomizeRender').runKustomizeRender,
  history: (): Runner => require('./historyQueries').runHistoryQueries,
  overview: (): Runner => require('./overviewPage').runOverviewPage,
} satisfies Record<string, () => Runner>;

export type ScenarioName = keyof typeof SCENARIOS;
