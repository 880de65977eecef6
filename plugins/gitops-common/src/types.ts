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
  /** API group of the objects the rule applies to (empty: the core group); absent: any group. */
  group?: string;
  /** Kind of the objects the rule applies to; absent: any kind. */
  kind?: string;
  /** Name of the object the rule applies to; absent: any name. */
  name?: string;
  /** The ignored fields, as RFC 6901 JSON pointers such as `/spec/replicas`. */
  jsonPointers: string[];
}

/** How the engine syncs an application. @public */
export interface SyncPolicy {
  /** Apply new commits and reconcile on the interval without a user pressing Sync. */
  automated: boolean;
  /** Correct drift found in the cluster; when false drift is only reported. */
  selfHeal: boolean;
  /** Delete objects that left Git (only ones carrying this application's ownership marker). */
  prune: boolean;
  /** A suspended application is not reconciled at all. */
  suspended: boolean;
  /** Retries of a failed sync, with exponential backoff between `initialBackoffSeconds` and `maxBackoffSeconds`. */
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
  /** Environment name from the descriptor (or the static application config). */
  environment: string;
  /** The catalog entity the application belongs to; absent for static applications. */
  entityRef?: string;
  /** Where the application is defined: a catalog entity's descriptor, or app-config. */
  origin: 'catalog' | 'config';
  /** Where the manifests are: repository URL, branch/tag/commit, and folder inside the repository. */
  source: { repoUrl: string; ref: string; path: string };
  /** Where they go: cluster name, default namespace, namespaces objects may target, and whether cluster-scoped objects are allowed. */
  destination: {
    cluster: string;
    namespace: string;
    allowedNamespaces: string[];
    allowClusterScoped: boolean;
  };
  /** How the engine syncs the application. */
  policy: SyncPolicy;
  /** Seconds between two reconciles (drift checks) of the application. */
  intervalSeconds: number;
  /** Fields owned by other controllers, left out of the comparison. */
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
  /** User name sent as `Impersonate-User`. */
  user: string;
  /** Groups sent as `Impersonate-Group`, one header each. */
  groups: string[];
}

/** A Git commit as shown with a revision. @public */
export interface CommitInfo {
  /** Full commit SHA. */
  sha: string;
  /** Commit message. */
  message: string;
  /** Author name of the commit. */
  author: string;
  /** Commit time, ISO 8601. */
  time?: string;
}

/** How many objects one sync created, updated, left unchanged and pruned. @public */
export interface SyncCounts {
  /** Objects created. */
  created: number;
  /** Objects updated (or replaced). */
  updated: number;
  /** Objects already in sync. */
  unchanged: number;
  /** Objects deleted because they left Git. */
  pruned: number;
}

/** Per-resource outcome of one sync. @public */
export interface ResourceOutcome {
  /** API group (empty string for the core group). */
  group: string;
  /** Object kind. */
  kind: string;
  /** Namespace; absent for cluster-scoped objects. */
  namespace?: string;
  /** Object name. */
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
  /** Why the object failed or was skipped. */
  message?: string;
}

/** One row of sync history. @public */
export interface SyncRecord {
  /** Id of the sync. */
  id: string;
  /** The application synced. */
  applicationId: string;
  /** Commit SHA the sync worked from. */
  revision?: string;
  /** That commit's details. */
  commit?: CommitInfo;
  /** What started the sync. */
  trigger: SyncTrigger;
  /** Who requested it (a user entity ref), when a user did. */
  triggeredBy?: string;
  /** Start time, ISO 8601. */
  startedAt: string;
  /** End time, ISO 8601; absent while running. */
  finishedAt?: string;
  /** Outcome of the sync. */
  result: SyncResult;
  /** Objects created, updated, unchanged and pruned. */
  counts: SyncCounts;
  /** Why the sync failed. */
  error?: string;
  /** Per-resource outcomes. */
  resources?: ResourceOutcome[];
}

/** Live status of one resource of an application. @public */
export interface ResourceStatus {
  /** API group (empty string for the core group). */
  group: string;
  /** API version within the group. */
  version: string;
  /** Object kind. */
  kind: string;
  /** Namespace; absent for cluster-scoped objects. */
  namespace?: string;
  /** Object name. */
  name: string;
  /** Whether the live object matches Git. */
  syncStatus: ResourceSyncStatus;
  /** Health of the live object. */
  health: HealthStatus;
  /** Why the object has that health. */
  healthMessage?: string;
  /** Dotted paths of the fields that differ, e.g. `spec.replicas`. */
  changedFields?: string[];
  /** Unified diff desired → live, Secret values masked. */
  diff?: string;
  /** The live object's status conditions. */
  conditions?: Array<{
    type: string;
    status: string;
    reason?: string;
    message?: string;
  }>;
}

/** An application as listed on the overview page and the entity tab. @public */
export interface ApplicationSummary {
  /** Stable application id (see {@link ApplicationSpec.id}). */
  id: string;
  /** Environment name. */
  environment: string;
  /** The catalog entity the application belongs to. */
  entityRef?: string;
  /** Owner of the application's entity (its `spec.owner`). */
  owner?: string;
  /** Target cluster name. */
  cluster: string;
  /** Default target namespace. */
  namespace: string;
  /** Config repository URL. */
  repoUrl: string;
  /** Branch, tag or commit followed. */
  ref: string;
  /** Folder of the manifests inside the repository. */
  path: string;
  /** Whether the cluster matches Git. */
  syncStatus: AppSyncStatus;
  /** Worst health of the application's resources. */
  health: HealthStatus;
  /** Why the status is what it is, in words. */
  message?: string;
  /** Commit SHA last synced. */
  revision?: string;
  /** That commit's details. */
  commit?: CommitInfo;
  /** Commit the application is pinned to; automated sync is off while pinned. */
  pinnedRevision?: string;
  /** Sync policy in effect (suspension and pin included). */
  policy: SyncPolicy;
  /** Start of the last sync, ISO 8601. */
  lastSyncAt?: string;
  /** Duration of the last sync in milliseconds. */
  lastSyncDurationMs?: number;
  /** Outcome of the last sync. */
  lastSyncResult?: SyncResult;
  /** When the next reconcile is due, ISO 8601; absent while suspended. */
  nextReconcileAt?: string;
  /** Why the last reconcile failed, naming the cluster, Git host or renderer it could not use. */
  error?: string;
  /** What kind of fault `error` is (absent while there is no error). */
  errorCategory?: ErrorCategory;
}

/** One application with its spec, last sync and live resources (the application page). @public */
export interface ApplicationDetails extends ApplicationSummary {
  /** The application's full spec. */
  spec: ApplicationSpec;
  /** The last sync, with its per-resource outcomes. */
  lastSync?: SyncRecord;
  /** Live status of every resource. */
  resources: ResourceStatus[];
}

/** One page of a paginated list. @public */
export interface Page<T> {
  /** The items of this page. */
  items: T[];
  /** Number of items of the whole list. */
  totalCount: number;
  /** Set when counting stopped at `totalCount`: there are more items than that. */
  totalCountCapped?: boolean;
  /** Index of the first item of this page. */
  offset: number;
  /** Page size asked for. */
  limit: number;
}

/** How many applications match a query, in total and per sync status and health. @public */
export interface StatusCounts {
  /** Number of applications matching the query. */
  total: number;
  /** Applications per sync status. */
  syncStatus: Record<AppSyncStatus, number>;
  /** Applications per health. */
  health: Record<HealthStatus, number>;
}

/** An onboarding problem found for an entity (bad annotation, bad descriptor). @public */
export interface OnboardingError {
  /** The entity that could not be onboarded. */
  entityRef: string;
  /** What is wrong, in words. */
  message: string;
}

/** A catalog entity's applications, and the problems that kept others from onboarding. @public */
export interface EntityApplications {
  /** The entity's applications. */
  items: ApplicationSummary[];
  /** Onboarding problems of the entity. */
  errors: OnboardingError[];
}

/** Filters of the list endpoint. @public */
export interface ListApplicationsQuery {
  /** Only applications of this catalog entity. */
  entityRef?: string;
  /** Only applications whose entity has this owner (an entity ref). */
  owner?: string;
  /** Only applications deployed to this cluster. */
  cluster?: string;
  /** Only applications whose default namespace is this one. */
  namespace?: string;
  /** Only applications with this sync status. */
  syncStatus?: AppSyncStatus;
  /** Only applications with this health. */
  health?: HealthStatus;
  /** Case-insensitive text found in the id, entity, environment, namespace, cluster or owner. */
  q?: string;
  /** Field to sort by. */
  orderBy?:
    | 'id'
    | 'entityRef'
    | 'environment'
    | 'cluster'
    | 'namespace'
    | 'syncStatus'
    | 'health'
    | 'lastSyncAt';
  /** Sort direction. */
  order?: 'asc' | 'desc';
  /** Index of the first item to return. */
  offset?: number;
  /** Page size asked for. */
  limit?: number;
}

/** Body of POST /applications/:id/sync. @public */
export interface SyncRequest {
  /** Commit to sync instead of the tip of the followed ref. */
  revision?: string;
  /** Sync only these resources (a partial sync). */
  resources?: Array<{
    group?: string;
    kind: string;
    namespace?: string;
    name: string;
  }>;
}

/** Signal channel for live updates; message: `{ applicationId, entityRef, syncStatus, health }`. @public */
export const GITOPS_SIGNAL_CHANNEL = 'gitops:application-status';
