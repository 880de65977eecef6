import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TableSortLabel from '@material-ui/core/TableSortLabel';
import Typography from '@material-ui/core/Typography';
import SyncIcon from '@material-ui/icons/Sync';
import RefreshIcon from '@material-ui/icons/Refresh';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  ApplicationSummary,
  gitopsSyncPermission,
} from '@backstage-gitops/plugin-gitops-common';
import type { OrderBy, OverviewState } from '../../lib/overviewQuery';
import { ApplicationStatusCells } from '../common/ApplicationStatusCells';
import { PermissionedButton } from '../actions/PermissionedButton';

interface Column {
  label: string;
  orderBy?: OrderBy;
}

const COLUMNS: Column[] = [
  { label: 'Entity', orderBy: 'entityRef' },
  { label: 'Owner' },
  { label: 'Environment', orderBy: 'environment' },
  { label: 'Cluster', orderBy: 'cluster' },
  { label: 'Namespace', orderBy: 'namespace' },
  { label: 'Status', orderBy: 'syncStatus' },
  { label: 'Health', orderBy: 'health' },
  { label: 'Revision' },
  { label: 'Last sync', orderBy: 'lastSyncAt' },
  { label: 'Actions' },
];

/** One page of applications; sorting is done by the backend, this only renders what it got. */
export function ApplicationsTable(props: {
  items: ApplicationSummary[];
  state: OverviewState;
  running?: { appId: string; action: string };
  onSort: (orderBy: OrderBy) => void;
  onSync: (app: ApplicationSummary) => void;
  onRefresh: (app: ApplicationSummary) => void;
}) {
  const { items, state, running } = props;
  return (
    <Table size="small" aria-label="Applications">
      <TableHead>
        <TableRow>
          {COLUMNS.map(column => (
            <TableCell
              key={column.label}
              sortDirection={
                state.orderBy === column.orderBy ? state.order ?? 'asc' : false
              }
            >
              {column.orderBy ? (
                <TableSortLabel
                  active={state.orderBy === column.orderBy}
                  direction={
                    state.orderBy === column.orderBy
                      ? state.order ?? 'asc'
                      : 'asc'
                  }
                  onClick={() => props.onSort(column.orderBy!)}
                >
                  {column.label}
                </TableSortLabel>
              ) : (
                column.label
              )}
            </TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {items.map(app => (
          <TableRow key={app.id} hover>
            <TableCell>
              {app.entityRef ? (
                <EntityRefLink entityRef={app.entityRef} />
              ) : (
                <code>{app.id}</code>
              )}
            </TableCell>
            <TableCell>
              {app.owner ? (
                <EntityRefLink entityRef={app.owner} defaultKind="group" />
              ) : (
                '—'
              )}
            </TableCell>
            <TableCell>{app.environment}</TableCell>
            <TableCell>{app.cluster}</TableCell>
            <TableCell>{app.namespace}</TableCell>
            <ApplicationStatusCells app={app} />
            <TableCell>
              <Box display="flex" style={{ gap: 4 }}>
                <PermissionedButton
                  permission={gitopsSyncPermission}
                  entityRef={app.entityRef}
                  deniedReason="You are not allowed to sync this application."
                  label="Sync"
                  icon={<SyncIcon />}
                  running={
                    running?.appId === app.id && running.action === 'Sync'
                  }
                  disabled={running?.appId === app.id}
                  onClick={() => props.onSync(app)}
                />
                <PermissionedButton
                  permission={gitopsSyncPermission}
                  entityRef={app.entityRef}
                  deniedReason="You are not allowed to refresh this application."
                  label="Refresh"
                  icon={<RefreshIcon />}
                  running={
                    running?.appId === app.id && running.action === 'Refresh'
                  }
                  disabled={running?.appId === app.id}
                  onClick={() => props.onRefresh(app)}
                />
              </Box>
            </TableCell>
          </TableRow>
        ))}
        {items.length === 0 && (
          <TableRow>
            <TableCell colSpan={COLUMNS.length}>
              <Typography variant="body2" color="textSecondary">
                No application matches these filters.
              </Typography>
            </TableCell>
          </TableRow>
        )}
      </TableBody>
    </Table>
  );
}
