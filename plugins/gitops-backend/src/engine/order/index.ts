export { syncPlan, syncWaves, pruneOrder } from './syncPlan';
export type { SyncPlan } from './syncPlan';
export {
  syncWaveOf,
  syncWaveProblem,
  SYNC_WAVE_ANNOTATION,
  ARGOCD_SYNC_WAVE_ANNOTATION,
} from './waves';
export { compareInstallOrder, kindRank } from './kindOrder';
