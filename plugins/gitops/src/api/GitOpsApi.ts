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
  /** Index of the first entry; default 0. */
  offset?: number;
  /** Page size, at most 500; the backend's default when absent. */
  limit?: number;
}

/** Answer of the asynchronous sync and refresh endpoints (HTTP 202). @public */
export interface QueuedResponse {
  /** The application the request is queued for. */
  applicationId: string;
  /** Always true: the request is queued, not done. */
  queued: true;
  /** Names the queued request; callers that joined one already queued or running get its id. */
  requestId?: string;
  /** True when this call joined a sync or refresh that was already queued or running. */
  alreadyQueued?: boolean;
}

/** Answer of the revert endpoint: the revert commit pushed to the config repository. @public */
export interface RevertResponse {
  /** The application whose history entry was reverted. */
  applicationId: string;
  /** SHA of the revert commit pushed. */
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
  /** One page of the applications the user may read, filtered and ordered (`GET /applications`). */
  listApplications(
    query?: ListApplicationsQuery,
  ): Promise<Page<ApplicationSummary>>;
  /** How many readable applications match, per sync status and health (`GET /applications/counts`). */
  countApplications(query?: CountApplicationsQuery): Promise<StatusCounts>;
  /** One application with its spec, last sync and live resources (`GET /applications/:id`). */
  getApplication(id: string): Promise<ApplicationDetails>;
  /** One page of an application's sync history, newest first (`GET /applications/:id/history`). */
  getApplicationHistory(
    id: string,
    page?: PageRequest,
  ): Promise<Page<SyncRecord>>;
  /** `entityRef` is a full ref, `kind:namespace/name`. */
  getEntityApplications(entityRef: string): Promise<EntityApplications>;
  /** One page of the sync history of all applications of an entity, newest first. */
  getEntityHistory(
    entityRef: string,
    page?: PageRequest,
  ): Promise<Page<SyncRecord>>;
  /** Joins a sync of the same revision already queued or running; rejects with 409 when a different one is. */
  syncApplication(id: string, request?: SyncRequest): Promise<QueuedResponse>;
  /** Queues a reconcile now, without forcing a sync of an unchanged revision (`POST /applications/:id/refresh`). */
  refreshApplication(id: string): Promise<QueuedResponse>;
  /** Stops reconciling the application until it is resumed (`POST /applications/:id/suspend`). */
  suspendApplication(id: string): Promise<ApplicationSummary>;
  /** Resumes reconciliation of a suspended application (`POST /applications/:id/resume`). */
  resumeApplication(id: string): Promise<ApplicationSummary>;
  /** Deploys this commit of the application's ref (a full SHA) and stops following the ref until unpinned. */
  pinRevision(id: string, revision: string): Promise<ApplicationSummary>;
  /** Removes the pin: the application follows its ref again (`POST /applications/:id/unpin`). */
  unpinRevision(id: string): Promise<ApplicationSummary>;
  /** Pushes a commit to the config repository that reverts the revision a history entry synced. */
  revertSync(id: string, syncId: string): Promise<RevertResponse>;
}

/** Reference to the GitOps REST client (`GitOpsApi`). @public */
export const gitopsApiRef = createApiRef<GitOpsApi>({
  id: 'plugin.gitops.service',
});
