import {
  AppSyncStatus,
  ApplicationSpec,
  CommitInfo,
  ErrorCategory,
  HealthStatus,
  ResourceStatus,
  SyncRequest,
  SyncResult,
  SyncTrigger,
} from '@backstage-gitops/plugin-gitops-common';

/** A user or webhook request waiting for the next claim of its application; it jumps the queue. */
export interface ReconcileRequest {
  /** Names the request to every caller it serves (callers asking for the same sync join it). */
  id?: string;
  trigger: SyncTrigger;
  requestedBy?: string;
  /** Sync even when revision and spec are unchanged (Sync now). Refresh only re-checks. */
  sync: boolean;
  revision?: string;
  resources?: SyncRequest['resources'];
  requestedAt: string;
}

/** Last-known status, written after every reconcile. */
export interface ApplicationState {
  syncStatus: AppSyncStatus;
  health: HealthStatus;
  message?: string;
  error?: string;
  errorCategory?: ErrorCategory;
  revision?: string;
  commit?: CommitInfo;
  resources?: ResourceStatus[];
}

/** One application as stored: its spec, user overrides, scheduling and claim, and last-known status. @alpha */
export interface ApplicationRecord {
  spec: ApplicationSpec;
  specHash: string;
  owner?: string;
  suspended: boolean;
  pinnedRevision?: string;
  nextReconcileAt: Date;
  claimedBy?: string;
  claimExpiresAt?: Date;
  failureCount: number;
  request?: ReconcileRequest;
  state: ApplicationState;
  syncedRevision?: string;
  syncedSpecHash?: string;
  lastSyncId?: string;
  lastSyncAt?: Date;
  lastSyncDurationMs?: number;
  lastSyncResult?: SyncResult;
  lastReconciledAt?: Date;
  notifiedState?: string;
}

export interface InventoryItem {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}
