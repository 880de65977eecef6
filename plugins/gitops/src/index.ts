/**
 * GitOps for Backstage: the entity tab, entity card and overview page, and the API client.
 *
 * @packageDocumentation
 */
export {
  gitopsPlugin,
  EntityGitOpsContent,
  EntityGitOpsCard,
  GitOpsOverviewPage,
} from './plugin';
export { isGitOpsAvailable } from './lib/isGitOpsAvailable';
export { GitOpsClient, gitopsApiRef } from './api';
export type {
  GitOpsApi,
  CountApplicationsQuery,
  PageRequest,
  QueuedResponse,
  RevertResponse,
} from './api';
