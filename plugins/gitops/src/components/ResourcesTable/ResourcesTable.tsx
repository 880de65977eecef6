import { useMemo, useState } from 'react';
import Box from '@material-ui/core/Box';
import InputAdornment from '@material-ui/core/InputAdornment';
import ListSubheader from '@material-ui/core/ListSubheader';
import MenuItem from '@material-ui/core/MenuItem';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TablePagination from '@material-ui/core/TablePagination';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import SearchIcon from '@material-ui/icons/Search';
import type { ResourceStatus } from '@backstage-gitops/plugin-gitops-common';
import { filterResources } from '../../lib/resourceFilter';
import {
  HEALTH_STATUSES,
  RESOURCE_SYNC_STATUSES,
  healthInfo,
  resourceSyncInfo,
} from '../../lib/labels';
import { HealthLabel, ResourceSyncLabel } from '../common/StatusLabel';
import { ResourceDrawer, resourceTitle } from './ResourceDrawer';

const PAGE_SIZE = 25;

function resourceKey(r: ResourceStatus): string {
  return `${r.group}/${r.kind}/${r.namespace ?? ''}/${r.name}`;
}

/** The objects of one application with their sync and health; a row opens its diff. */
export function ResourcesTable(props: { resources: ResourceStatus[] }) {
  const [status, setStatus] = useState('all');
  const [text, setText] = useState('');
  const [page, setPage] = useState(0);
  const [selected, setSelected] = useState<ResourceStatus | undefined>();

  const visible = useMemo(
    () => filterResources(props.resources, status, text),
    [props.resources, status, text],
  );
  // Keep the page in range when filtering shrinks the list.
  const pageCount = Math.max(1, Math.ceil(visible.length / PAGE_SIZE));
  const currentPage = Math.min(page, pageCount - 1);
  const rows = visible.slice(
    currentPage * PAGE_SIZE,
    (currentPage + 1) * PAGE_SIZE,
  );

  return (
    <Box>
      <Box display="flex" flexWrap="wrap" style={{ gap: 16 }} mb={1}>
        <TextField
          select
          id="gitops-resource-status"
          label="Status"
          value={status}
          onChange={e => {
            setStatus(e.target.value);
            setPage(0);
          }}
          style={{ minWidth: 200 }}
        >
          <MenuItem value="all">All</MenuItem>
          <MenuItem value="attention">Needs attention</MenuItem>
          <ListSubheader>Sync</ListSubheader>
          {RESOURCE_SYNC_STATUSES.map(s => (
            <MenuItem key={s} value={`sync:${s}`}>
              {resourceSyncInfo[s].label}
            </MenuItem>
          ))}
          <ListSubheader>Health</ListSubheader>
          {HEALTH_STATUSES.map(h => (
            <MenuItem key={h} value={`health:${h}`}>
              {healthInfo[h].label}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          id="gitops-resource-search"
          label="Search resources"
          value={text}
          onChange={e => {
            setText(e.target.value);
            setPage(0);
          }}
          InputProps={{
            startAdornment: (
              <InputAdornment position="start">
                <SearchIcon fontSize="small" />
              </InputAdornment>
            ),
          }}
        />
      </Box>
      <Table size="small" aria-label="Resources">
        <TableHead>
          <TableRow>
            <TableCell>Kind</TableCell>
            <TableCell>Namespace</TableCell>
            <TableCell>Name</TableCell>
            <TableCell>Sync status</TableCell>
            <TableCell>Health</TableCell>
            <TableCell>Message</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map(resource => (
            <TableRow
              key={resourceKey(resource)}
              hover
              tabIndex={0}
              style={{ cursor: 'pointer' }}
              aria-label={`Show details of ${resourceTitle(resource)}`}
              onClick={() => setSelected(resource)}
              onKeyDown={e => {
                if (e.key === 'Enter') {
                  setSelected(resource);
                }
              }}
            >
              <TableCell>{resource.kind}</TableCell>
              <TableCell>{resource.namespace ?? '(cluster)'}</TableCell>
              <TableCell>{resource.name}</TableCell>
              <TableCell>
                <ResourceSyncLabel status={resource.syncStatus} />
              </TableCell>
              <TableCell>
                <HealthLabel health={resource.health} />
              </TableCell>
              <TableCell>{resource.healthMessage}</TableCell>
            </TableRow>
          ))}
          {rows.length === 0 && (
            <TableRow>
              <TableCell colSpan={6}>
                <Typography variant="body2" color="textSecondary">
                  {props.resources.length === 0
                    ? 'This application has no resources yet. They appear after the first sync.'
                    : 'No resource matches the filter.'}
                </Typography>
              </TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>
      {visible.length > PAGE_SIZE && (
        <TablePagination
          component="div"
          count={visible.length}
          page={currentPage}
          rowsPerPage={PAGE_SIZE}
          rowsPerPageOptions={[PAGE_SIZE]}
          onPageChange={(_e, next) => setPage(next)}
        />
      )}
      <ResourceDrawer
        resource={selected}
        onClose={() => setSelected(undefined)}
      />
    </Box>
  );
}
