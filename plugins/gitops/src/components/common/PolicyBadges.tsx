import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import type { ApplicationSummary } from '@backstage-gitops/plugin-gitops-common';
import { shortSha } from '../../lib/commitUrl';

interface Badge {
  label: string;
  help: string;
  warn?: boolean;
}

function badgesOf(app: ApplicationSummary): Badge[] {
  const badges: Badge[] = [];
  const { policy } = app;
  badges.push(
    policy.automated
      ? {
          label: 'auto-sync',
          help: 'New commits are applied without pressing Sync.',
        }
      : {
          label: 'manual sync',
          help: 'Changes are applied only when someone presses Sync.',
        },
  );
  if (policy.selfHeal) {
    badges.push({
      label: 'self-heal',
      help: 'Drift found in the cluster is corrected.',
    });
  }
  if (policy.prune) {
    badges.push({
      label: 'prune',
      help: 'Objects removed from Git are deleted from the cluster.',
    });
  }
  if (app.pinnedRevision) {
    badges.push({
      label: `pinned ${shortSha(app.pinnedRevision)}`,
      help: 'Pinned to one revision; automated sync is off until it is unpinned.',
      warn: true,
    });
  }
  if (policy.suspended) {
    badges.push({
      label: 'suspended',
      help: 'Reconciliation is paused.',
      warn: true,
    });
  }
  return badges;
}

/** The sync policy of an application as small badges. */
export function PolicyBadges(props: { app: ApplicationSummary }) {
  return (
    <Box display="flex" flexWrap="wrap" style={{ gap: 4 }}>
      {badgesOf(props.app).map(badge => (
        <Tooltip key={badge.label} title={badge.help}>
          <Chip
            size="small"
            label={badge.label}
            color={badge.warn ? 'secondary' : 'default'}
            variant={badge.warn ? 'default' : 'outlined'}
          />
        </Tooltip>
      ))}
    </Box>
  );
}
