export type {
  KubeObject,
  RenderedObject,
  ResourceKey,
  SyncStatus,
  HealthStatus,
} from './objects';
export {
  groupOf,
  versionOf,
  resourceKey,
  formatResourceKey,
  sameResource,
} from './objects';
export {
  syncWaveOf,
  syncWaveProblem,
  SYNC_WAVE_ANNOTATION,
  ARGOCD_SYNC_WAVE_ANNOTATION,
} from './waves';
