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

/** The 404 message of an unknown application; a hidden one answers with the very same words. */
export function unknownApplicationMessage(id: string): string {
  return `No GitOps application '${id}'`;
}

/** A queued sync or refresh: its id, and whether the caller joined one already queued or running. */
export interface QueuedRequest {
  /** The same for every caller served by one reconcile. */
  requestId?: string;
  alreadyQueued: boolean;
}

/** Who asked: a user or service principal's entity ref / subject, for history and audit. */
export interface Actor {
  ref: string;
}

/**
 * What the REST API can ask of the plugin. The router checks auth, permissions and input, and
 * audits; the service does the work. Errors use `@backstage/errors`: NotFoundError (404),
 * ConflictError (409, e.g. a different sync already running), InputError (400),
 * ServiceUnavailableError (503, e.g. the Git server cannot be read to check a pin).
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

  /** Queues a sync, or joins the one already queued or running that does the same (ConflictError if it does something else). */
  requestSync(
    id: string,
    request: SyncRequest,
    actor: Actor,
  ): Promise<QueuedRequest>;
  /** Queues a refresh, or joins whatever reconcile is already queued or running. */
  requestRefresh(id: string, actor: Actor): Promise<QueuedRequest>;
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

  /**
   * A verified push arrived: reconcile at once every application following that repo and branch.
   * `replayKey` (derived from the signed content) is remembered until `rememberUntil`; a push whose
   * key is remembered is a replay and triggers nothing.
   */
  handlePush(push: {
    repoUrl: string;
    branch: string;
    /** `<provider>:<delivery id header>`, for logs and audit. */
    deliveryId: string;
    replayKey: string;
    rememberUntil: Date;
  }): Promise<{ triggered: string[]; replay: boolean }>;
}
