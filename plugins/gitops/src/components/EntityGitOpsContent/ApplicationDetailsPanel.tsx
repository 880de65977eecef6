import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import { InfoCard, Progress } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import type { ApplicationSummary } from '@backstage-gitops/plugin-gitops-common';
import { gitopsApiRef } from '../../api';
import { ErrorWithRetry } from '../common/ErrorWithRetry';
import { ResourcesTable } from '../ResourcesTable/ResourcesTable';
import { SyncHistoryTable } from '../SyncHistory/SyncHistoryTable';

/** Resources and sync history of the selected environment. */
export function ApplicationDetailsPanel(props: {
  app: ApplicationSummary;
  refreshKey: number;
}) {
  const { app, refreshKey } = props;
  const api = useApi(gitopsApiRef);
  const details = useAsyncRetry(
    () => api.getApplication(app.id),
    [api, app.id, refreshKey],
  );

  return (
    <Box display="flex" flexDirection="column" style={{ gap: 16 }}>
      <InfoCard title={`Resources — ${app.environment}`}>
        {details.error && !details.value && (
          <ErrorWithRetry
            title="Could not load the resources"
            error={details.error}
            onRetry={details.retry}
          />
        )}
        {!details.error && !details.value && <Progress />}
        {details.value && (
          <ResourcesTable resources={details.value.resources} />
        )}
      </InfoCard>
      <InfoCard title={`Sync history — ${app.environment}`}>
        <SyncHistoryTable
          applicationId={app.id}
          repoUrl={app.repoUrl}
          entityRef={app.entityRef}
          refreshKey={refreshKey}
        />
      </InfoCard>
    </Box>
  );
}
