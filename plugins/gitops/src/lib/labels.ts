import type {
  AppSyncStatus,
  HealthStatus,
  ResourceSyncStatus,
  SyncResult,
  SyncTrigger,
} from '@backstage-gitops/plugin-gitops-common';

/** Which Backstage status indicator a state is drawn with. */
export type StatusTone =
  | 'ok'
  | 'warning'
  | 'error'
  | 'pending'
  | 'running'
  | 'aborted';

interface StatusInfo {
  label: string;
  tone: StatusTone;
}

export const SYNC_STATUSES: AppSyncStatus[] = [
  'Synced',
  'OutOfSync',
  'Syncing',
  'Failed',
  'Suspended',
  'Unknown',
];
export const HEALTH_STATUSES: HealthStatus[] = [
  'Healthy',
  'Progressing',
  'Degraded',
  'Suspended',
  'Missing',
  'Unknown',
];
export const RESOURCE_SYNC_STATUSES: ResourceSyncStatus[] = [
  'Synced',
  'OutOfSync',
  'Missing',
  'Extraneous',
];

export const syncStatusInfo: Record<AppSyncStatus, StatusInfo> = {
  Synced: { label: 'Synced', tone: 'ok' },
  OutOfSync: { label: 'Out of sync', tone: 'warning' },
  Syncing: { label: 'Syncing', tone: 'running' },
  Failed: { label: 'Sync failed', tone: 'error' },
  Suspended: { label: 'Suspended', tone: 'aborted' },
  Unknown: { label: 'Unknown', tone: 'pending' },
};

export const healthInfo: Record<HealthStatus, StatusInfo> = {
  Healthy: { label: 'Healthy', tone: 'ok' },
  Progressing: { label: 'Progressing', tone: 'running' },
  Degraded: { label: 'Degraded', tone: 'error' },
  Suspended: { label: 'Suspended', tone: 'aborted' },
  Missing: { label: 'Missing', tone: 'warning' },
  Unknown: { label: 'Unknown', tone: 'pending' },
};

export const resourceSyncInfo: Record<ResourceSyncStatus, StatusInfo> = {
  Synced: { label: 'Synced', tone: 'ok' },
  OutOfSync: { label: 'Out of sync', tone: 'warning' },
  Missing: { label: 'Missing in cluster', tone: 'warning' },
  Extraneous: { label: 'Not in Git', tone: 'warning' },
};

export const syncResultInfo: Record<SyncResult, StatusInfo> = {
  Running: { label: 'Running', tone: 'running' },
  Succeeded: { label: 'Succeeded', tone: 'ok' },
  Failed: { label: 'Failed', tone: 'error' },
  Interrupted: { label: 'Interrupted', tone: 'aborted' },
};

export const triggerLabel: Record<SyncTrigger, string> = {
  poll: 'New commit (poll)',
  webhook: 'New commit (webhook)',
  user: 'Manual sync',
  'self-heal': 'Drift correction',
  revert: 'Revert',
};

/** Unknown values from a newer backend still render, as a neutral label with the raw text. */
export function lookup<K extends string>(
  table: Record<K, StatusInfo>,
  value: string,
): StatusInfo {
  return (
    (table as Record<string, StatusInfo>)[value] ?? {
      label: value,
      tone: 'pending',
    }
  );
}
