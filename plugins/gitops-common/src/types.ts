/** Sync status of an application as a portal user sees it. @public */
export type AppSyncStatus =
  | 'Synced'
  | 'OutOfSync'
  | 'Syncing'
  | 'Failed'
  | 'Suspended'
  | 'Unknown';
/** Sync status of one resource. @public */
export type ResourceSyncStatus =
  | 'Synced'
  | 'OutOfSync'
  | 'Missing'
  | 'Extraneous';
/** Health, gitops-engine style; an application's health is the worst of its resources. @public */
export type HealthStatus =
  | 'Healthy'
  | 'Progressing'
  | 'Degraded'
  | 'Suspended'
  | 'Missing'
  | 'Unknown';
/** What started a sync. @public */
export type SyncTrigger = 'poll' | 'webhook' | 'user' | 'self-heal' | 'revert';
/** Outcome of one sync attempt. @public */
export type SyncResult = 'Running' | 'Succeeded' | 'Failed' | 'Interrupted';

/**
 * What kind of fault stopped an application's reconcile, so a reader sees at once where to look:
 * a network fault (`cluster-unreachable`, `git-unreachable`) is retried with backoff and usually
 * clears by itself; the others need someone to change configuration, credentials or Git.
 * @public
 */
export type ErrorCategory =
  /** The cluster's API server did not answer: connection refused, DNS, timeout, TLS handshake. */
  | 'cluster-unreachable'
  /** The Git host did not answer, or answered that it is unavailable (502/503/504). */
  | 'git-unreachable'
  /** The renderer binary (kubectl) is missing, not executable, or crashed. */
  | 'renderer-unavailable'
  /** The cluster or Git host refused the credentials (HTTP 401). */
  | 'unauthorized'
  /** The cluster or Git host refused this identity the access it needs (HTTP 403). */
  | 'forbidden'
  /** The portal's configuration is wrong: unknown cluster, no integration for the repository host. */
  | 'configuration'
  /** Git answered but has no such ref or repository. */
  | 'source'
  /** The manifests cannot be rendered (YAML, Kustomize). */
  | 'render'
  /** The rendered objects are refused before any write (names, namespaces, kinds). */
  | 'validation'
  /** The API server refused an object, or a wave did not become healthy. */
  | 'apply'
  /** Anything else. */
  | 'unknown';

/** Fields owned by other controllers that the diff must ignore (RFC 6901 pointers). @public */
export interface IgnoreRule {
  group?: string;
  kind?: string;
  name?: string;
  jsonPointers: string[];
}

/** @public */
export interface SyncPolicy {
  /** Apply new commits and reconcile on the interval without a user pressing Sync. */
  automated: boolean;
  /** Correct drift found in the cluster; when false drift is only reported. */
  selfHeal: boolean;
  /** Delete objects that left Git (only ones carrying this application's ownership marker). */
  prune: boolean;
  /** A suspended application is not reconciled at all. */
  suspended: boolean;
  retry: {
    limit: number;
    initialBackoffSeconds: number;
    maxBackoffSeconds: number;
  };
}

/** One application: one environment of one config repository, deployed to one cluster namespace. @public */
export interface ApplicationSpec {
  /** Stable id: `<entityRef>#<environment>` for catalog apps, `config:<name>` for static ones. */
  id: string;
  environment: string;
  entityRef?: string;
  origin: 'catalog' | 'config';
  source: { repoUrl: string; ref: string; path: string };
  destination: {
    cluster: string;
    namespace: string;
    allowedNamespaces: string[];
    allowClusterScoped: boolean;
  };
  policy: SyncPolicy;
  intervalSeconds: number;
  ignoreDifferences: IgnoreRule[];
  /**
   * The platform-owned project that admitted this application (`gitops.projects`), `default`
   * when no configured project claims its entity. What the application may deploy, where, and
   * with which sync policies is the project's to decide; the engine checks it on every reconcile.
   */
  project: string;
  /**
   * The identity every request made on this application's behalf impersonates in the target
   * cluster (reads, dry-runs, applies, prunes, health reads), so the API server's RBAC decides what
   * it may do. Set by the platform (app-config, projects), never by a config repository.
   */
  impersonate?: Impersonation;
  /**
   * Take over a live object that Git declares and that carries no application's id. Default false:
   * such an object is a conflict, and the sync writes nothing.
   */
  adoptExisting?: boolean;
}

/**
 * A Kubernetes identity to impersonate: a ServiceAccount is user
 * `system:serviceaccount:<namespace>:<name>` with groups `system:serviceaccounts` and
 * `system:serviceaccounts:<namespace>`. @public
 */
export interface Impersonation {
  user: string;
  groups: string[];
}

/** @public */
export interface CommitInfo {
  sha: string;
  message: string;
  author: string;
  time?: string;
}

/** @public */
export interface SyncCounts {
  created: number;
  updated: number;
  unchanged: number;
  pruned: number;
}

/** Per-resource outcome of one sync. @public */
export interface ResourceOutcome {
  group: string;
  kind: string;
  namespace?: string;
  name: string;
  /** `replaced`: deleted and created again to change an immutable field (sync option Replace=true). */
  action:
    | 'created'
    | 'updated'
    | 'replaced'
    | 'unchanged'
    | 'pruned'
    | 'failed'
    | 'skipped';
  message?: string;
}

/** One row of sync history. @public */
export interface SyncRecord {
  id: string;
  applicationId: string;
  revision?: string;
  commit?: CommitInfo;
  trigger: SyncTrigger;
  triggeredBy?: string;
  startedAt: string;
  finishedAt?: string;
  result: SyncResult;
  counts: SyncCounts;
  error?: string;
  resources?: ResourceOutcome[];
}

/** Live status of one resource of an application. @public */
export interface ResourceStatus {
  group: string;
  version: string;
  kind: string;
  namespace?: string;
  name: string;
  syncStatus: ResourceSyncStatus;
  health: HealthStatus;
  healthMessage?: string;
  /** Dotted paths of the fields that differ, e.g. `spec.replicas`. */
  changedFields?: string[];
  /** Unified diff desired → live, Secret values masked. */
  diff?: string;
  conditions?: Array<{
    type: string;
    status: string;
    reason?: string;
    message?: string;
  }>;
}

/** An application as listed on the overview page and the entity tab. @public */
export interface ApplicationSummary {
  id: string;
  environment: string;
  entityRef?: string;
  owner?: string;
  cluster: string;
  namespace: string;
  repoUrl: string;
  ref: string;
  path: string;
  syncStatus: AppSyncStatus;
  health: HealthStatus;
  /** Why the status is what it is, in words. */
  message?: string;
  revision?: string;
  commit?: CommitInfo;
  pinnedRevision?: string;
  policy: SyncPolicy;
  lastSyncAt?: string;
  lastSyncDurationMs?: number;
  lastSyncResult?: SyncResult;
  nextReconcileAt?: string;
  /** Why the last reconcile failed, naming the cluster, Git host or renderer it could not use. */
  error?: string;
  /** What kind of fault `error` is (absent while there is no error). */
  errorCategory?: ErrorCategory;
}

/** @public */
export interface ApplicationDetails extends ApplicationSummary {
  spec: ApplicationSpec;
  lastSync?: SyncRecord;
  resources: ResourceStatus[];
}

/** @public */
export interface Page<T> {
  items: T[];
  totalCount: number;
  /** Set when counting stopped at `totalCount`: there are more items than that. */
  totalCountCapped?: boolean;
  offset: number;
  limit: number;
}

/** @public */
export interface StatusCounts {
  total: number;
  syncStatus: Record<AppSyncStatus, number>;
  health: Record<HealthStatus, number>;
}

/** An onboarding problem found for an entity (bad annotation, bad descriptor). @public */
export interface OnboardingError {
  entityRef: string;
  message: string;
}

/** @public */
export interface EntityApplications {
  items: ApplicationSummary[];
  errors: OnboardingError[];
}

/** Filters of the list endpoint. @public */
export interface ListApplicationsQuery {
  entityRef?: string;
  owner?: string;
  cluster?: string;
  namespace?: string;
  syncStatus?: AppSyncStatus;
  health?: HealthStatus;
  q?: string;
  orderBy?:
    | 'id'
    | 'entityRef'
    | 'environment'
    | 'cluster'
    | 'namespace'
    | 'syncStatus'
    | 'health'
    | 'lastSyncAt';
  order?: 'asc' | 'desc';
  offset?: number;
  limit?: number;
}

/** Body of POST /applications/:id/sync. @public */
export interface SyncRequest {
  revision?: string;
  resources?: Array<{
    group?: string;
    kind: string;
    namespace?: string;
    name: string;
  }>;
}

/** Signal channel for live updates; message: `{ applicationId, entityRef, syncStatus, health }`. @public */
export const GITOPS_SIGNAL_CHANNEL = 'gitops:application-status';
