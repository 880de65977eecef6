import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { OverviewFilterKey, OverviewState } from '../../lib/overviewQuery';
import {
  HEALTH_STATUSES,
  SYNC_STATUSES,
  healthInfo,
  syncStatusInfo,
} from '../../lib/labels';
import { DebouncedTextField } from './DebouncedTextField';

/** Status and health pickers, owner/cluster/namespace filters and the free-text search. */
export function OverviewFilters(props: {
  state: OverviewState;
  onFilter: (key: OverviewFilterKey, value: string | undefined) => void;
  onClear: () => void;
}) {
  const { state, onFilter } = props;
  const active = Boolean(
    state.syncStatus ||
      state.health ||
      state.owner ||
      state.cluster ||
      state.namespace ||
      state.q,
  );
  return (
    <Box display="flex" flexWrap="wrap" alignItems="center" style={{ gap: 12 }}>
      <DebouncedTextField
        label="Search"
        placeholder="name, entity, repository…"
        value={state.q ?? ''}
        onChange={value => onFilter('q', value)}
      />
      <TextField
        select
        size="small"
        variant="outlined"
        id="gitops-filter-sync-status"
        label="Sync status"
        value={state.syncStatus ?? ''}
        onChange={e => onFilter('syncStatus', e.target.value)}
        SelectProps={{ displayEmpty: true }}
        InputLabelProps={{ shrink: true }}
        style={{ minWidth: 150 }}
      >
        <MenuItem value="">Any</MenuItem>
        {SYNC_STATUSES.map(s => (
          <MenuItem key={s} value={s}>
            {syncStatusInfo[s].label}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        select
        size="small"
        variant="outlined"
        id="gitops-filter-health"
        label="Health"
        value={state.health ?? ''}
        onChange={e => onFilter('health', e.target.value)}
        SelectProps={{ displayEmpty: true }}
        InputLabelProps={{ shrink: true }}
        style={{ minWidth: 150 }}
      >
        <MenuItem value="">Any</MenuItem>
        {HEALTH_STATUSES.map(h => (
          <MenuItem key={h} value={h}>
            {healthInfo[h].label}
          </MenuItem>
        ))}
      </TextField>
      <DebouncedTextField
        label="Owner"
        placeholder="group:default/team-a"
        value={state.owner ?? ''}
        onChange={value => onFilter('owner', value)}
      />
      <DebouncedTextField
        label="Cluster"
        value={state.cluster ?? ''}
        onChange={value => onFilter('cluster', value)}
      />
      <DebouncedTextField
        label="Namespace"
        value={state.namespace ?? ''}
        onChange={value => onFilter('namespace', value)}
      />
      {active && <Button onClick={props.onClear}>Clear filters</Button>}
    </Box>
  );
}
