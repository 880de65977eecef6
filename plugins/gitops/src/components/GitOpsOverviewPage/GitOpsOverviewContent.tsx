import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import { Progress } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Paper from '@material-ui/core/Paper';
import TablePagination from '@material-ui/core/TablePagination';
import Typography from '@material-ui/core/Typography';
import type { ApplicationSummary } from '@backstage-gitops/plugin-gitops-common';
import { gitopsApiRef } from '../../api';
import {
  PAGE_SIZES,
  toCountQuery,
  toListQuery,
  withFilter,
  withSort,
} from '../../lib/overviewQuery';
import { useLiveUpdates } from '../../hooks/useLiveUpdates';
import { useApplicationAction } from '../../hooks/useApplicationAction';
import { ErrorWithRetry } from '../common/ErrorWithRetry';
import { ConfirmDialog } from '../actions/ConfirmDialog';
import { ActionOutcomeAlert } from '../actions/ActionOutcomeAlert';
import { useOverviewState } from './useOverviewState';
import { StatusCountsBar } from './StatusCountsBar';
import { OverviewFilters } from './OverviewFilters';
import { ApplicationsTable } from './ApplicationsTable';

const COUNTS_REFRESH_MS = 5_000;

/** Every application of the portal: counts, filters, one server-side page, quick actions. */
export function GitOpsOverviewContent() {
  const api = useApi(gitopsApiRef);
  const [state, setState] = useOverviewState();
  const listQuery = useMemo(() => toListQuery(state), [state]);
  const countQuery = useMemo(() => toCountQuery(state), [state]);
  const listKey = JSON.stringify(listQuery);
  const countKey = JSON.stringify(countQuery);

  // Keyed on the query's content: a URL rewrite with the same filters must not refetch.
  const page = useAsyncRetry(
    () => api.listApplications(listQuery),
    [api, listKey], // eslint-disable-line react-hooks/exhaustive-deps
  );
  const counts = useAsyncRetry(
    () => api.countApplications(countQuery),
    [api, countKey], // eslint-disable-line react-hooks/exhaustive-deps
  );
  const retryPage = page.retry;
  const retryCounts = counts.retry;
  const reload = useCallback(() => {
    retryPage();
    retryCounts();
  }, [retryPage, retryCounts]);

  // A shown application changed (or the poll fired): reload the page and the counts. Any other
  // application only moves the counts; with thousands of apps those signals are frequent, so the
  // counts are reloaded at most once per COUNTS_REFRESH_MS.
  const shown = new Set(page.value?.items.map(app => app.id) ?? []);
  const countsTimer = useRef<ReturnType<typeof setTimeout>>();
  const latestRetryCounts = useRef(retryCounts);
  latestRetryCounts.current = retryCounts;
  useEffect(() => () => clearTimeout(countsTimer.current), []);
  useLiveUpdates({
    matches: () => true,
    onUpdate: signal => {
      if (!signal || shown.has(signal.applicationId)) {
        reload();
      } else if (!countsTimer.current) {
        countsTimer.current = setTimeout(() => {
          countsTimer.current = undefined;
          latestRetryCounts.current();
        }, COUNTS_REFRESH_MS);
      }
    },
  });

  const [confirmSync, setConfirmSync] = useState<
    ApplicationSummary | undefined
  >();
  const [target, setTarget] = useState<string | undefined>();
  const { run, running, outcome, clearOutcome } = useApplicationAction(reload);
  const act = (app: ApplicationSummary, name: 'Sync' | 'Refresh') => {
    setTarget(app.id);
    const label = `${app.entityRef ?? app.id} (${app.environment})`;
    return run(name, async () => {
      if (name === 'Sync') {
        await api.syncApplication(app.id);
        return `Sync of ${label} queued.`;
      }
      await api.refreshApplication(app.id);
      return `Refresh of ${label} queued.`;
    });
  };

  return (
    <Box display="flex" flexDirection="column" style={{ gap: 16 }}>
      <Paper variant="outlined">
        <Box p={2}>
          {counts.error && !counts.value ? (
            <Typography color="error" variant="body2">
              Counts unavailable.
            </Typography>
          ) : (
            <StatusCountsBar
              counts={counts.value}
              syncStatus={state.syncStatus}
              health={state.health}
              onSyncStatus={s => setState(withFilter(state, 'syncStatus', s))}
              onHealth={h => setState(withFilter(state, 'health', h))}
            />
          )}
        </Box>
      </Paper>
      <OverviewFilters
        state={state}
        onFilter={(key, value) => setState(withFilter(state, key, value))}
        onClear={() =>
          setState({
            page: 0,
            pageSize: state.pageSize,
            orderBy: state.orderBy,
            order: state.order,
          })
        }
      />
      <ActionOutcomeAlert outcome={outcome} onClose={clearOutcome} />
      {page.error && !page.value && (
        <ErrorWithRetry
          title="Could not load applications"
          error={page.error}
          onRetry={reload}
        />
      )}
      {!page.error && !page.value && <Progress />}
      {page.value && (
        <Paper variant="outlined">
          {page.loading && <LinearProgress aria-label="Updating" />}
          <ApplicationsTable
            items={page.value.items}
            state={state}
            running={
              running && target ? { appId: target, action: running } : undefined
            }
            onSort={orderBy => setState(withSort(state, orderBy))}
            onSync={setConfirmSync}
            onRefresh={app => act(app, 'Refresh')}
          />
          <TablePagination
            component="div"
            count={page.value.totalCount}
            page={state.page}
            rowsPerPage={state.pageSize}
            rowsPerPageOptions={PAGE_SIZES}
            onPageChange={(_e, next) => setState({ ...state, page: next })}
            onRowsPerPageChange={e =>
              setState({ ...state, pageSize: Number(e.target.value), page: 0 })
            }
          />
        </Paper>
      )}
      <ConfirmDialog
        open={Boolean(confirmSync)}
        title="Sync now?"
        confirmLabel="Sync"
        onConfirm={() => {
          const app = confirmSync;
          setConfirmSync(undefined);
          if (app) {
            act(app, 'Sync');
          }
        }}
        onCancel={() => setConfirmSync(undefined)}
      >
        <Typography>
          {confirmSync &&
            `The head of ${confirmSync.ref} is applied to ${
              confirmSync.cluster
            }/${confirmSync.namespace} for ${
              confirmSync.entityRef ?? confirmSync.id
            } (${confirmSync.environment}).`}
        </Typography>
      </ConfirmDialog>
    </Box>
  );
}
