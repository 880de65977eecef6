import TableCell from '@material-ui/core/TableCell';
import Typography from '@material-ui/core/Typography';
import type { ApplicationSummary } from '@backstage-gitops/plugin-gitops-common';
import { errorHeading } from '../../lib/errorCategories';
import { HealthLabel, SyncStatusLabel } from './StatusLabel';
import { RevisionLink } from './RevisionLink';
import { RelativeTime } from './RelativeTime';

/**
 * The cells every application row shows alike, on the entity card and the overview page: sync
 * status (with its reason on hover, and the kind of error beneath it), health, revision and last sync.
 */
export function ApplicationStatusCells({ app }: { app: ApplicationSummary }) {
  return (
    <>
      <TableCell>
        <SyncStatusLabel
          status={app.syncStatus}
          reason={
            app.error
              ? `${errorHeading(app.errorCategory)}: ${app.error}`
              : app.message
          }
        />
        {app.error && (
          <Typography variant="caption" color="error" display="block">
            {errorHeading(app.errorCategory)}
          </Typography>
        )}
      </TableCell>
      <TableCell>
        <HealthLabel health={app.health} />
      </TableCell>
      <TableCell>
        <RevisionLink repoUrl={app.repoUrl} revision={app.revision} />
      </TableCell>
      <TableCell>
        <RelativeTime time={app.lastSyncAt} />
      </TableCell>
    </>
  );
}
