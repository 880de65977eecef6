import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import { Progress } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TablePagination from '@material-ui/core/TablePagination';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import UndoIcon from '@material-ui/icons/Undo';
import { makeStyles } from '@material-ui/core/styles';
import {
  SyncRecord,
  gitopsRevertPermission,
} from '@backstage-gitops/plugin-gitops-common';
import { gitopsApiRef } from '../../api';
import { shortSha } from '../../lib/commitUrl';
import { triggerLabel } from '../../lib/labels';
import { durationBetween, formatDuration } from '../../lib/time';
import { useApplicationAction } from '../../hooks/useApplicationAction';
import { RevisionLink } from '../common/RevisionLink';
import { RelativeTime } from '../common/RelativeTime';
import { SyncResultLabel } from '../common/StatusLabel';
import { ErrorWithRetry } from '../common/ErrorWithRetry';
import { ConfirmDialog } from '../actions/ConfirmDialog';
import { PermissionedButton } from '../actions/PermissionedButton';
import { ActionOutcomeAlert } from '../actions/ActionOutcomeAlert';

// short cells never wrap; the commit message truncates instead of widening the table
const useStyles = makeStyles({
  nowrap: { whiteSpace: 'nowrap' },
  revision: { maxWidth: 320 },
});

/** Paged sync history of one application, newest first, with "Revert this change". */
export function SyncHistoryTable(props: {
  applicationId: string;
  repoUrl: string;
  entityRef?: string;
  /** Changes whenever the application changed, so the first page is reloaded. */
  refreshKey?: number;
}) {
  const { applicationId, repoUrl, entityRef, refreshKey } = props;
  const api = useApi(gitopsApiRef);
  const classes = useStyles();
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState(10);
  const [confirming, setConfirming] = useState<SyncRecord | undefined>();
  const [revertingId, setRevertingId] = useState<string | undefined>();

  const history = useAsyncRetry(
    () =>
      api.getApplicationHistory(applicationId, {
        offset: page * pageSize,
        limit: pageSize,
      }),
    [api, applicationId, page, pageSize, refreshKey],
  );
  const { run, running, outcome, clearOutcome } = useApplicationAction(
    history.retry,
  );

  const revert = (record: SyncRecord) =>
    run('Revert', async () => {
      const result = await api.revertSync(applicationId, record.id);
      return `Revert commit ${shortSha(
        result.revertCommit,
      )} pushed to the config repository; the next sync deploys it.`;
    });

  if (history.error && !history.value) {
    return (
      <ErrorWithRetry
        title="Could not load the sync history"
        error={history.error}
        onRetry={history.retry}
      />
    );
  }
  if (!history.value) {
    return <Progress />;
  }
  const { items, totalCount, totalCountCapped } = history.value;

  return (
    <Box>
      <ActionOutcomeAlert outcome={outcome} onClose={clearOutcome} />
      <Table size="small" aria-label="Sync history">
        <TableHead>
          <TableRow>
            <TableCell>Started</TableCell>
            <TableCell>Revision</TableCell>
            <TableCell>Trigger</TableCell>
            <TableCell>By</TableCell>
            <TableCell>Result</TableCell>
            <TableCell title="created / updated / unchanged / pruned">
              Objects
            </TableCell>
            <TableCell>Duration</TableCell>
            <TableCell>Error</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {items.map(record => (
            <TableRow key={record.id}>
              <TableCell className={classes.nowrap}>
                <RelativeTime time={record.startedAt} />
              </TableCell>
              <TableCell className={classes.revision}>
                <RevisionLink repoUrl={repoUrl} revision={record.revision} />
                {record.commit && (
                  <Typography
                    variant="caption"
                    component="div"
                    color="textSecondary"
                    noWrap
                  >
                    {record.commit.message.split('\n', 1)[0]} —{' '}
                    {record.commit.author}
                  </Typography>
                )}
              </TableCell>
              <TableCell className={classes.nowrap}>
                {triggerLabel[record.trigger] ?? record.trigger}
              </TableCell>
              <TableCell>{record.triggeredBy ?? '—'}</TableCell>
              <TableCell className={classes.nowrap}>
                <SyncResultLabel result={record.result} />
              </TableCell>
              <TableCell className={classes.nowrap}>
                <span aria-label="created, updated, unchanged, pruned">
                  +{record.counts.created} ~{record.counts.updated} =
                  {record.counts.unchanged} −{record.counts.pruned}
                </span>
              </TableCell>
              <TableCell className={classes.nowrap}>
                {formatDuration(
                  durationBetween(record.startedAt, record.finishedAt),
                )}
              </TableCell>
              <TableCell>
                {record.error && (
                  <Typography variant="body2" color="error">
                    {record.error}
                  </Typography>
                )}
              </TableCell>
              <TableCell className={classes.nowrap}>
                {record.result === 'Succeeded' && record.revision && (
                  <PermissionedButton
                    permission={gitopsRevertPermission}
                    entityRef={entityRef}
                    deniedReason="You are not allowed to revert changes of this application."
                    label="Revert this change"
                    icon={<UndoIcon />}
                    running={running === 'Revert' && revertingId === record.id}
                    disabled={Boolean(running)}
                    onClick={() => setConfirming(record)}
                  />
                )}
              </TableCell>
            </TableRow>
          ))}
          {items.length === 0 && (
            <TableRow>
              <TableCell colSpan={9}>
                <Typography variant="body2" color="textSecondary">
                  {page === 0 ? 'No sync has run yet.' : 'No older syncs.'}
                </Typography>
              </TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>
      <TablePagination
        component="div"
        // a capped count (a very long history) leaves the end open: "of more than 10,000"
        count={totalCountCapped ? -1 : totalCount}
        labelDisplayedRows={({ from, to, count }) =>
          count === -1
            ? `${from}-${to} of more than ${totalCount.toLocaleString('en-US')}`
            : `${from}-${to} of ${count}`
        }
        page={page}
        rowsPerPage={pageSize}
        rowsPerPageOptions={[10, 25, 50]}
        onPageChange={(_e, next) => setPage(next)}
        onRowsPerPageChange={e => {
          setPageSize(Number(e.target.value));
          setPage(0);
        }}
      />
      <ConfirmDialog
        open={Boolean(confirming)}
        title="Revert this change?"
        confirmLabel="Revert"
        onConfirm={() => {
          if (confirming) {
            setConfirming(undefined);
            setRevertingId(confirming.id);
            revert(confirming);
          }
        }}
        onCancel={() => setConfirming(undefined)}
      >
        <Typography>
          A commit reverting <code>{shortSha(confirming?.revision)}</code>
          {confirming?.commit
            ? ` (“${confirming.commit.message.split('\n', 1)[0]}”)`
            : ''}{' '}
          is pushed to the config repository. The cluster changes when that
          commit is synced.
        </Typography>
      </ConfirmDialog>
    </Box>
  );
}
