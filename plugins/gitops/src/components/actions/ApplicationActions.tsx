import { useState } from 'react';
import Box from '@material-ui/core/Box';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import SyncIcon from '@material-ui/icons/Sync';
import RefreshIcon from '@material-ui/icons/Refresh';
import PauseIcon from '@material-ui/icons/Pause';
import PlayArrowIcon from '@material-ui/icons/PlayArrow';
import LockIcon from '@material-ui/icons/Lock';
import LockOpenIcon from '@material-ui/icons/LockOpen';
import { useApi } from '@backstage/core-plugin-api';
import {
  ApplicationSummary,
  gitopsRevertPermission,
  gitopsSuspendPermission,
  gitopsSyncPermission,
} from '@backstage-gitops/plugin-gitops-common';
import { gitopsApiRef } from '../../api';
import { shortSha } from '../../lib/commitUrl';
import { useApplicationAction } from '../../hooks/useApplicationAction';
import { ConfirmDialog } from './ConfirmDialog';
import { PermissionedButton } from './PermissionedButton';
import { ActionOutcomeAlert } from './ActionOutcomeAlert';

type Pending = 'sync' | 'suspend' | 'resume' | 'pin' | 'unpin' | undefined;

/** Sync now, Refresh, Suspend/Resume and Pin/Unpin for one application. */
export function ApplicationActions(props: {
  app: ApplicationSummary;
  onChanged: () => void;
}) {
  const { app, onChanged } = props;
  const api = useApi(gitopsApiRef);
  const { run, running, outcome, clearOutcome } =
    useApplicationAction(onChanged);
  const [pending, setPending] = useState<Pending>();
  const [pinRevision, setPinRevision] = useState('');
  const name = `${app.environment}`;
  const where = `${app.cluster}/${app.namespace}`;

  const confirm = () => {
    const action = pending;
    setPending(undefined);
    switch (action) {
      case 'sync':
        return run('Sync', async () => {
          await api.syncApplication(app.id);
          return `Sync of ${name} queued. The status updates when it finishes.`;
        });
      case 'suspend':
        return run('Suspend', async () => {
          await api.suspendApplication(app.id);
          return `${name} is suspended: it will not be reconciled until resumed.`;
        });
      case 'resume':
        return run('Resume', async () => {
          await api.resumeApplication(app.id);
          return `${name} is reconciled again.`;
        });
      case 'pin':
        return run('Pin', async () => {
          await api.pinRevision(app.id, pinRevision.trim());
          return `${name} is pinned to ${shortSha(
            pinRevision.trim(),
          )}; automated sync is off while pinned.`;
        });
      case 'unpin':
        return run('Unpin', async () => {
          await api.unpinRevision(app.id);
          return `${name} follows ${app.ref} again.`;
        });
      default:
        return undefined;
    }
  };

  const refresh = () =>
    run('Refresh', async () => {
      await api.refreshApplication(app.id);
      return `Refresh of ${name} queued: Git and the cluster will be compared again.`;
    });

  const common = { entityRef: app.entityRef, disabled: Boolean(running) };
  const suspended = app.policy.suspended;
  const pinned = Boolean(app.pinnedRevision);

  return (
    <Box display="flex" flexDirection="column" style={{ gap: 8 }}>
      <Box display="flex" flexWrap="wrap" style={{ gap: 8 }}>
        <PermissionedButton
          {...common}
          permission={gitopsSyncPermission}
          deniedReason="You are not allowed to sync this application."
          label="Sync now"
          icon={<SyncIcon />}
          running={running === 'Sync'}
          onClick={() => setPending('sync')}
        />
        <PermissionedButton
          {...common}
          permission={gitopsSyncPermission}
          deniedReason="You are not allowed to refresh this application."
          label="Refresh"
          icon={<RefreshIcon />}
          running={running === 'Refresh'}
          onClick={refresh}
        />
        <PermissionedButton
          {...common}
          permission={gitopsSuspendPermission}
          deniedReason="You are not allowed to suspend or resume this application."
          label={suspended ? 'Resume' : 'Suspend'}
          icon={suspended ? <PlayArrowIcon /> : <PauseIcon />}
          running={running === 'Suspend' || running === 'Resume'}
          onClick={() => setPending(suspended ? 'resume' : 'suspend')}
        />
        <PermissionedButton
          {...common}
          permission={gitopsRevertPermission}
          deniedReason="You are not allowed to pin revisions of this application."
          label={pinned ? 'Unpin' : 'Pin'}
          icon={pinned ? <LockOpenIcon /> : <LockIcon />}
          running={running === 'Pin' || running === 'Unpin'}
          onClick={() => {
            setPinRevision(app.revision ?? '');
            setPending(pinned ? 'unpin' : 'pin');
          }}
        />
      </Box>
      <ActionOutcomeAlert outcome={outcome} onClose={clearOutcome} />

      <ConfirmDialog
        open={pending === 'sync'}
        title={`Sync ${name} now?`}
        confirmLabel="Sync"
        onConfirm={confirm}
        onCancel={() => setPending(undefined)}
      >
        <Typography>
          The manifests at the head of <code>{app.ref}</code> are applied to{' '}
          {where}
          {app.policy.prune ? ', and objects removed from Git are deleted' : ''}
          .
        </Typography>
      </ConfirmDialog>
      <ConfirmDialog
        open={pending === 'suspend'}
        title={`Suspend ${name}?`}
        confirmLabel="Suspend"
        onConfirm={confirm}
        onCancel={() => setPending(undefined)}
      >
        <Typography>
          New commits are not applied and drift in {where} is not corrected
          until the application is resumed.
        </Typography>
      </ConfirmDialog>
      <ConfirmDialog
        open={pending === 'resume'}
        title={`Resume ${name}?`}
        confirmLabel="Resume"
        onConfirm={confirm}
        onCancel={() => setPending(undefined)}
      >
        <Typography>
          Reconciliation starts again; pending commits and drift corrections may
          be applied to {where}.
        </Typography>
      </ConfirmDialog>
      <ConfirmDialog
        open={pending === 'pin'}
        title={`Pin ${name} to a revision?`}
        confirmLabel="Pin"
        confirmDisabled={!pinRevision.trim()}
        onConfirm={confirm}
        onCancel={() => setPending(undefined)}
      >
        <Typography gutterBottom>
          {where} is synced to this commit and automated sync stays off until
          you unpin. Use this in an emergency; a revert commit is the lasting
          fix.
        </Typography>
        <TextField
          id="gitops-pin-revision"
          label="Commit SHA"
          fullWidth
          value={pinRevision}
          onChange={e => setPinRevision(e.target.value)}
        />
      </ConfirmDialog>
      <ConfirmDialog
        open={pending === 'unpin'}
        title={`Unpin ${name}?`}
        confirmLabel="Unpin"
        onConfirm={confirm}
        onCancel={() => setPending(undefined)}
      >
        <Typography>
          The application follows <code>{app.ref}</code> again and automated
          sync resumes if it is enabled; {where} may change.
        </Typography>
      </ConfirmDialog>
    </Box>
  );
}
