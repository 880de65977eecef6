import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Typography from '@material-ui/core/Typography';
import type {
  AppSyncStatus,
  HealthStatus,
  StatusCounts,
} from '@backstage-gitops/plugin-gitops-common';
import {
  HEALTH_STATUSES,
  SYNC_STATUSES,
  healthInfo,
  syncStatusInfo,
} from '../../lib/labels';

/** Totals per sync status and health; a click filters the table by that value (again: clears). */
export function StatusCountsBar(props: {
  counts?: StatusCounts;
  syncStatus?: AppSyncStatus;
  health?: HealthStatus;
  onSyncStatus: (status: AppSyncStatus | undefined) => void;
  onHealth: (health: HealthStatus | undefined) => void;
}) {
  const { counts } = props;
  const count = (n: number | undefined) => (counts ? String(n ?? 0) : '…');
  return (
    <Box display="flex" flexDirection="column" style={{ gap: 8 }}>
      <Typography variant="subtitle2">
        {counts ? `${counts.total} applications` : 'Counting applications…'}
      </Typography>
      <Box
        display="flex"
        flexWrap="wrap"
        alignItems="center"
        style={{ gap: 8 }}
        aria-label="Sync status counts"
      >
        <Typography variant="caption" style={{ minWidth: 48 }}>
          Sync
        </Typography>
        {SYNC_STATUSES.map(status => (
          <Chip
            key={status}
            label={`${syncStatusInfo[status].label}: ${count(
              counts?.syncStatus[status],
            )}`}
            color={props.syncStatus === status ? 'primary' : 'default'}
            aria-pressed={props.syncStatus === status}
            onClick={() =>
              props.onSyncStatus(
                props.syncStatus === status ? undefined : status,
              )
            }
          />
        ))}
      </Box>
      <Box
        display="flex"
        flexWrap="wrap"
        alignItems="center"
        style={{ gap: 8 }}
        aria-label="Health counts"
      >
        <Typography variant="caption" style={{ minWidth: 48 }}>
          Health
        </Typography>
        {HEALTH_STATUSES.map(health => (
          <Chip
            key={health}
            label={`${healthInfo[health].label}: ${count(
              counts?.health[health],
            )}`}
            color={props.health === health ? 'primary' : 'default'}
            aria-pressed={props.health === health}
            onClick={() =>
              props.onHealth(props.health === health ? undefined : health)
            }
          />
        ))}
      </Box>
    </Box>
  );
}
