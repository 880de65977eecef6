/**
 * Scaffolder actions of GitOps for Backstage: create a GitOps config repository, and sync a
 * catalog entity's applications once it is onboarded.
 *
 * @packageDocumentation
 */
export { gitopsScaffolderModule as default } from './module';
export {
  createConfigRepoAction,
  CONFIG_REPO_ACTION_ID,
} from './actions/configRepo/createConfigRepoAction';
export type { ConfigRepoActionOptions } from './actions/configRepo/createConfigRepoAction';
export {
  createAppSyncAction,
  APP_SYNC_ACTION_ID,
} from './actions/appSync/createAppSyncAction';
export type {
  AppSyncActionOptions,
  AppSyncInput,
  AppSyncOutput,
} from './actions/appSync/createAppSyncAction';
export type { GitOpsApi } from './actions/appSync/gitopsApi';
