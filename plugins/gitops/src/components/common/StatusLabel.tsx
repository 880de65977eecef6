import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  StatusWarning,
} from '@backstage/core-components';
import Tooltip from '@material-ui/core/Tooltip';
import type {
  AppSyncStatus,
  HealthStatus,
  ResourceSyncStatus,
  SyncResult,
} from '@backstage-gitops/plugin-gitops-common';
import {
  StatusTone,
  healthInfo,
  lookup,
  resourceSyncInfo,
  syncResultInfo,
  syncStatusInfo,
} from '../../lib/labels';

const indicators: Record<StatusTone, typeof StatusOK> = {
  ok: StatusOK,
  warning: StatusWarning,
  error: StatusError,
  pending: StatusPending,
  running: StatusRunning,
  aborted: StatusAborted,
};

function ToneLabel(props: {
  tone: StatusTone;
  label: string;
  reason?: string;
}) {
  const Indicator = indicators[props.tone];
  const content = (
    <span data-testid={`status-${props.tone}`}>
      <Indicator>{props.label}</Indicator>
    </span>
  );
  return props.reason ? (
    <Tooltip title={props.reason}>{content}</Tooltip>
  ) : (
    content
  );
}

/** Sync status of an application; `reason` becomes the hover text. */
export function SyncStatusLabel(props: {
  status: AppSyncStatus;
  reason?: string;
}) {
  const info = lookup(syncStatusInfo, props.status);
  return <ToneLabel {...info} reason={props.reason} />;
}

export function HealthLabel(props: { health: HealthStatus; reason?: string }) {
  const info = lookup(healthInfo, props.health);
  return <ToneLabel {...info} reason={props.reason} />;
}

export function ResourceSyncLabel(props: { status: ResourceSyncStatus }) {
  return <ToneLabel {...lookup(resourceSyncInfo, props.status)} />;
}

export function SyncResultLabel(props: { result: SyncResult }) {
  return <ToneLabel {...lookup(syncResultInfo, props.result)} />;
}
