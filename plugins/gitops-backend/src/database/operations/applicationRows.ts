import { ApplicationSpec } from '@backstage-gitops/plugin-gitops-common';
import { createHash } from 'node:crypto';
import { repoKey } from '../../applications/repoKey';
import { parseJson, toBoolean, toDate, toJson } from '../conversions';
import { ApplicationRecord, ApplicationState } from '../types';

export const APPLICATIONS = 'gitops_applications';

export function hashSpec(spec: ApplicationSpec): string {
  return createHash('sha256').update(canonicalJson(spec)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries
      .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Columns derived from the spec; written on insert and on every spec refresh. */
export function specColumns(spec: ApplicationSpec, owner: string | undefined) {
  return {
    spec: JSON.stringify(spec),
    spec_hash: hashSpec(spec),
    origin: spec.origin,
    entity_ref: spec.entityRef?.toLocaleLowerCase('en-US') ?? null,
    owner: owner?.toLocaleLowerCase('en-US') ?? null,
    environment: spec.environment,
    repo_key: repoKey(spec.source.repoUrl),
    ref: spec.source.ref,
    cluster: spec.destination.cluster,
    namespace: spec.destination.namespace,
  };
}

export function stateColumns(state: ApplicationState) {
  return {
    sync_status: state.syncStatus,
    health: state.health,
    message: state.message ?? null,
    error: state.error ?? null,
    error_category: state.errorCategory ?? null,
    revision: state.revision ?? null,
    commit: toJson(state.commit),
    resources: toJson(state.resources),
  };
}

export function rowToRecord(row: any): ApplicationRecord {
  return {
    spec: JSON.parse(row.spec),
    specHash: row.spec_hash,
    owner: row.owner ?? undefined,
    suspended: toBoolean(row.suspended),
    pinnedRevision: row.pinned_revision ?? undefined,
    nextReconcileAt: toDate(row.next_reconcile_at)!,
    claimedBy: row.claimed_by ?? undefined,
    claimExpiresAt: toDate(row.claim_expires_at),
    failureCount: Number(row.failure_count ?? 0),
    request: parseJson(row.request),
    state: {
      syncStatus: row.sync_status,
      health: row.health,
      message: row.message ?? undefined,
      error: row.error ?? undefined,
      errorCategory: row.error_category ?? undefined,
      revision: row.revision ?? undefined,
      commit: parseJson(row.commit),
      resources: parseJson(row.resources),
    },
    syncedRevision: row.synced_revision ?? undefined,
    syncedSpecHash: row.synced_spec_hash ?? undefined,
    lastSyncId: row.last_sync_id ?? undefined,
    lastSyncAt: toDate(row.last_sync_at),
    lastSyncDurationMs: row.last_sync_duration_ms ?? undefined,
    lastSyncResult: row.last_sync_result ?? undefined,
    lastReconciledAt: toDate(row.last_reconciled_at),
    notifiedState: row.notified_state ?? undefined,
  };
}
