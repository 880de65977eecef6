import TableCell from '@material-ui/core/TableCell';
import type { ApplicationSummary } from '@backstage-gitops/plugin-gitops-common';
import { HealthLabel, SyncStatusLabel } from './StatusLabel';
import { RevisionLink } from './RevisionLink';
import { RelativeTime } from './RelativeTime';

/**
 * The cells every application row shows alike, on the entity card and the overview page: sync
 * status (with its reason on hover), health, revision and last sync.
 */
export function ApplicationStatusCells({ app }: { app: ApplicationSummary }) {
  return (
    <>
      <TableCell>
        <SyncStatusLabel
          status={app.syncStatus}
          reason={app.error ?? app.message}
        />
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
