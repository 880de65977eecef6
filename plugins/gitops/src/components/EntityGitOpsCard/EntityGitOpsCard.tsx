import { useCallback } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import { InfoCard, Progress } from '@backstage/core-components';
import { useEntity, useEntityRefLink } from '@backstage/plugin-catalog-react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { GITOPS_ANNOTATIONS } from '@backstage-gitops/plugin-gitops-common';
import { gitopsApiRef } from '../../api';
import { isGitOpsAvailable } from '../../lib/isGitOpsAvailable';
import { useLiveUpdates } from '../../hooks/useLiveUpdates';
import { ErrorWithRetry } from '../common/ErrorWithRetry';
import { ApplicationStatusCells } from '../common/ApplicationStatusCells';

/** Compact GitOps status per environment for the entity overview, linking to the GitOps tab. */
export function EntityGitOpsCard() {
  const { entity } = useEntity();
  const entityLink = useEntityRefLink();
  const available = isGitOpsAvailable(entity);
  const entityRef = stringifyEntityRef(entity);
  const api = useApi(gitopsApiRef);
  const state = useAsyncRetry(
    async () => (available ? api.getEntityApplications(entityRef) : undefined),
    [api, entityRef, available],
  );
  const { retry } = state;
  const onUpdate = useCallback(() => retry(), [retry]);
  useLiveUpdates({
    matches: signal => signal.entityRef === entityRef,
    onUpdate,
    enabled: available && !state.error,
  });

  const tabLink = `${entityLink(entity).replace(/\/+$/, '')}/gitops`;

  let body;
  if (!available) {
    body = (
      <Typography variant="body2">
        Add the <code>{GITOPS_ANNOTATIONS.configRepo}</code> annotation to
        deploy this entity with GitOps.
      </Typography>
    );
  } else if (state.error && !state.value) {
    body = (
      <ErrorWithRetry
        title="GitOps status unavailable"
        error={state.error}
        onRetry={retry}
      />
    );
  } else if (!state.value) {
    body = <Progress />;
  } else {
    const { items, errors } = state.value;
    body = (
      <>
        {errors.length > 0 && (
          <Alert severity="error">
            {errors.length === 1
              ? errors[0].message
              : `${errors.length} onboarding problems — see the GitOps tab.`}
          </Alert>
        )}
        {items.length === 0 && errors.length === 0 && (
          <Typography variant="body2">No environments found yet.</Typography>
        )}
        <Table size="small" aria-label="GitOps environments">
          <TableBody>
            {items.map(app => (
              <TableRow key={app.id}>
                <TableCell>
                  <Typography variant="subtitle2">{app.environment}</Typography>
                </TableCell>
                <ApplicationStatusCells app={app} />
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </>
    );
  }

  return (
    <InfoCard
      title="GitOps"
      deepLink={
        available ? { title: 'View deployments', link: tabLink } : undefined
      }
    >
      {body}
    </InfoCard>
  );
}
