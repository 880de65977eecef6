import {
  ApplicationDetails,
  ApplicationSummary,
  EntityApplications,
  ListApplicationsQuery,
  Page,
  StatusCounts,
  SyncRecord,
  SyncRequest,
} from '@backstage-gitops/plugin-gitops-common';

/** Who asked: a user or service principal's entity ref / subject, for history and audit. */
export interface Actor {
  ref: string;
}

/**
 * What the REST API can ask of the plugin. The router checks auth, permissions and input, and
 * audits; the service does the work. Errors use @backstage/errors: NotFoundError (404),
 * ConflictError (409, e.g. a sync already running), InputError (400).
 */
export interface GitOpsService {
  listApplications(
    query: ListApplicationsQuery,
  ): Promise<Page<ApplicationSummary>>;
  countApplications(query: ListApplicationsQuery): Promise<StatusCounts>;
  getApplication(id: string): Promise<ApplicationDetails>;
  /** The application's entityRef (for permission checks); NotFoundError when unknown. */
  entityRefOf(id: string): Promise<string | undefined>;
  getHistory(
    id: string,
    page: { offset: number; limit: number },
  ): Promise<Page<SyncRecord>>;
  getEntityApplications(entityRef: string): Promise<EntityApplications>;
  getEntityHistory(
    entityRef: string,
    page: { offset: number; limit: number },
  ): Promise<Page<SyncRecord>>;

  requestSync(id: string, request: SyncRequest, actor: Actor): Promise<void>;
  requestRefresh(id: string, actor: Actor): Promise<void>;
  setSuspended(
    id: string,
    suspended: boolean,
    actor: Actor,
  ): Promise<ApplicationSummary>;
  pin(id: string, revision: string, actor: Actor): Promise<ApplicationSummary>;
  unpin(id: string, actor: Actor): Promise<ApplicationSummary>;
  /** Pushes a `git revert` of the history entry's commit and queues a sync; returns the new commit. */
  revert(
    id: string,
    syncId: string,
    actor: Actor,
  ): Promise<{ revertCommit: string }>;

  /** A verified push arrived: reconcile at once every application following that repo and branch. */
  handlePush(push: {
    repoUrl: string;
    branch: string;
    deliveryId: string;
  }): Promise<{ triggered: string[]; replay: boolean }>;
}
