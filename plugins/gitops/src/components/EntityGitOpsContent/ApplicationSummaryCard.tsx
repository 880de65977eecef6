import type { ReactNode } from 'react';
import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import type { ApplicationSummary } from '@backstage-gitops/plugin-gitops-common';
import { errorHeading, isTransientError } from '../../lib/errorCategories';
import { formatDuration } from '../../lib/time';
import {
  HealthLabel,
  SyncResultLabel,
  SyncStatusLabel,
} from '../common/StatusLabel';
import { RevisionLink } from '../common/RevisionLink';
import { RelativeTime } from '../common/RelativeTime';
import { PolicyBadges } from '../common/PolicyBadges';
import { ApplicationActions } from '../actions/ApplicationActions';

function Field(props: { label: string; children: ReactNode }) {
  return (
    <Box display="flex" alignItems="baseline" style={{ gap: 8 }} mb={0.5}>
      <Typography
        variant="caption"
        color="textSecondary"
        style={{ minWidth: 110 }}
      >
        {props.label}
      </Typography>
      <Box component="span" flex={1} minWidth={0}>
        {props.children}
      </Box>
    </Box>
  );
}

/** One environment of the entity: status, what is deployed, when, policy and actions. */
export function ApplicationSummaryCard(props: {
  app: ApplicationSummary;
  onChanged: () => void;
}) {
  const { app, onChanged } = props;
  return (
    <InfoCard
      title={app.environment}
      subheader={`${app.cluster} / ${app.namespace}`}
      variant="gridItem"
    >
      <section aria-label={`environment ${app.environment}`}>
        {app.error && (
          <Box mb={2}>
            <Alert severity="error">
              <AlertTitle>{errorHeading(app.errorCategory)}</AlertTitle>
              {app.error}
              {isTransientError(app.errorCategory) &&
                app.nextReconcileAt &&
                !app.policy.suspended && (
                  <Typography variant="body2" component="div">
                    Retrying with backoff; next attempt{' '}
                    <RelativeTime time={app.nextReconcileAt} />.
                  </Typography>
                )}
            </Alert>
          </Box>
        )}
        <Field label="Sync status">
          <SyncStatusLabel status={app.syncStatus} reason={app.message} />
        </Field>
        <Field label="Health">
          <HealthLabel health={app.health} />
        </Field>
        {app.message && (
          <Field label="Reason">
            <Typography variant="body2">{app.message}</Typography>
          </Field>
        )}
        <Field label="Revision">
          <RevisionLink repoUrl={app.repoUrl} revision={app.revision} />
          {app.commit && (
            <Typography
              variant="body2"
              component="div"
              noWrap
              title={app.commit.message}
            >
              {firstLine(app.commit.message)}
              <Typography
                variant="caption"
                color="textSecondary"
                component="span"
              >
                {' '}
                by {app.commit.author}
              </Typography>
            </Typography>
          )}
        </Field>
        <Field label="Last sync">
          <RelativeTime time={app.lastSyncAt} />
          {app.lastSyncDurationMs !== undefined && (
            <Typography variant="caption" color="textSecondary">
              {' '}
              took {formatDuration(app.lastSyncDurationMs)}
            </Typography>
          )}
          {app.lastSyncResult && (
            <Box component="span" ml={1}>
              <SyncResultLabel result={app.lastSyncResult} />
            </Box>
          )}
        </Field>
        <Field label="Next reconcile">
          {app.policy.suspended ? (
            <Typography variant="body2">not scheduled (suspended)</Typography>
          ) : (
            <RelativeTime time={app.nextReconcileAt} />
          )}
        </Field>
        <Field label="Source">
          <Typography
            variant="body2"
            noWrap
            title={`${app.repoUrl} ${app.ref} ${app.path}`}
          >
            <code>{app.ref}</code> · <code>{app.path || '.'}</code>
          </Typography>
        </Field>
        <Box mt={1} mb={2}>
          <PolicyBadges app={app} />
        </Box>
        <ApplicationActions app={app} onChanged={onChanged} />
      </section>
    </InfoCard>
  );
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0];
}
