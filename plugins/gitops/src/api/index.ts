export { gitopsApiRef } from './GitOpsApi';
export type {
  GitOpsApi,
  CountApplicationsQuery,
  PageRequest,
  QueuedResponse,
  RevertResponse,
} from './GitOpsApi';
export { GitOpsClient } from './GitOpsClient';
