import { createApiRef } from '@backstage/core-plugin-api';
import type {
  ApplicationDetails,
  ApplicationSummary,
  EntityApplications,
  ListApplicationsQuery,
  Page,
  StatusCounts,
  SyncRecord,
  SyncRequest,
} from '@backstage-gitops/plugin-gitops-common';

/** Filters of the counts endpoint: the list filters without paging or ordering. @public */
export type CountApplicationsQuery = Omit<
  ListApplicationsQuery,
  'offset' | 'limit' | 'orderBy' | 'order'
>;

/** Paging of a history endpoint. @public */
export interface PageRequest {
  offset?: number;
  limit?: number;
}

/** Answer of the asynchronous sync and refresh endpoints (HTTP 202). @public */
export interface QueuedResponse {
  applicationId: string;
  queued: true;
  /** Names the queued request; callers that joined one already queued or running get its id. */
  requestId?: string;
  /** True when this call joined a sync or refresh that was already queued or running. */
  alreadyQueued?: boolean;
}

/** Answer of the revert endpoint: the revert commit pushed to the config repository. @public */
export interface RevertResponse {
  applicationId: string;
  revertCommit: string;
}

/**
 * Client of the GitOps backend REST API.
 *
 * Every method rejects with a `ResponseError` (from `@backstage/errors`) when the backend answers
 * with a non-2xx status; the server's own message is in `error.body.error.message`.
 * @public
 */
export interface GitOpsApi {
  listApplications(
    query?: ListApplicationsQuery,
  ): Promise<Page<ApplicationSummary>>;
  countApplications(query?: CountApplicationsQuery): Promise<StatusCounts>;
  getApplication(id: string): Promise<ApplicationDetails>;
  getApplicationHistory(
    id: string,
    page?: PageRequest,
  ): Promise<Page<SyncRecord>>;
  /** `entityRef` is a full ref, `kind:namespace/name`. */
  getEntityApplications(entityRef: string): Promise<EntityApplications>;
  getEntityHistory(
    entityRef: string,
    page?: PageRequest,
  ): Promise<Page<SyncRecord>>;
  /** Joins a sync of the same revision already queued or running; rejects with 409 when a different one is. */
  syncApplication(id: string, request?: SyncRequest): Promise<QueuedResponse>;
  refreshApplication(id: string): Promise<QueuedResponse>;
  suspendApplication(id: string): Promise<ApplicationSummary>;
  resumeApplication(id: string): Promise<ApplicationSummary>;
  pinRevision(id: string, revision: string): Promise<ApplicationSummary>;
  unpinRevision(id: string): Promise<ApplicationSummary>;
  revertSync(id: string, syncId: string): Promise<RevertResponse>;
}

/** @public */
export const gitopsApiRef = createApiRef<GitOpsApi>({
  id: 'plugin.gitops.service',
});
