export { syncPlan, syncWaves, pruneOrder } from './syncPlan';
export type { SyncPlan } from './syncPlan';
export { compareInstallOrder, kindRank } from './kindOrder';
