import { useCallback, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/core-plugin-api';
import { EmptyState, Progress } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { DESCRIPTOR_FILE } from '@backstage-gitops/plugin-gitops-common';
import { gitopsApiRef } from '../../api';
import { isGitOpsAvailable } from '../../lib/isGitOpsAvailable';
import { useLiveUpdates } from '../../hooks/useLiveUpdates';
import { ErrorWithRetry } from '../common/ErrorWithRetry';
import { ApplicationSummaryCard } from './ApplicationSummaryCard';
import { ApplicationDetailsPanel } from './ApplicationDetailsPanel';
import { MissingAnnotation } from './MissingAnnotation';

/** Up to this many environments sit side by side; more are stacked so each stays readable. */
const MAX_SIDE_BY_SIDE = 3;

/** The "GitOps" tab of an entity: every environment, its resources, history and actions. */
export function EntityGitOpsContent() {
  const { entity } = useEntity();
  if (!isGitOpsAvailable(entity)) {
    return <MissingAnnotation entity={entity} />;
  }
  return <EntityApplicationsView entityRef={stringifyEntityRef(entity)} />;
}

function EntityApplicationsView(props: { entityRef: string }) {
  const { entityRef } = props;
  const api = useApi(gitopsApiRef);
  const [refreshKey, setRefreshKey] = useState(0);
  const [selectedId, setSelectedId] = useState<string | undefined>();
  const state = useAsyncRetry(
    () => api.getEntityApplications(entityRef),
    [api, entityRef],
  );
  const { retry } = state;
  const reload = useCallback(() => {
    retry();
    setRefreshKey(key => key + 1);
  }, [retry]);

  const shownIds = new Set(state.value?.items.map(app => app.id) ?? []);
  useLiveUpdates({
    matches: signal =>
      shownIds.has(signal.applicationId) || signal.entityRef === entityRef,
    onUpdate: reload,
    enabled: !state.error,
  });

  if (state.error && !state.value) {
    return (
      <ErrorWithRetry
        title="Could not load the GitOps applications of this entity"
        error={state.error}
        onRetry={retry}
      />
    );
  }
  if (!state.value) {
    return <Progress />;
  }
  const { items, errors } = state.value;
  const selected = items.find(app => app.id === selectedId) ?? items[0];
  const columns =
    items.length <= MAX_SIDE_BY_SIDE ? 12 / Math.max(items.length, 1) : 12;

  return (
    <Box display="flex" flexDirection="column" style={{ gap: 16 }}>
      {errors.map((problem, index) => (
        <Alert key={index} severity="error">
          <AlertTitle>Onboarding problem</AlertTitle>
          {problem.message}
        </Alert>
      ))}
      {items.length === 0 && errors.length === 0 && (
        <EmptyState
          missing="data"
          title="No environments found yet"
          description={`The config repository is annotated, but the portal has not found any environment in its ${DESCRIPTOR_FILE} yet. Check that the file lists at least one environment; applications appear after the next catalog refresh.`}
        />
      )}
      {items.length > 0 && (
        <>
          <Grid container spacing={2} alignItems="stretch">
            {items.map(app => (
              <Grid item xs={12} md={columns as 4 | 6 | 12} key={app.id}>
                <ApplicationSummaryCard app={app} onChanged={reload} />
              </Grid>
            ))}
          </Grid>
          <Box>
            <Typography variant="h6">Details</Typography>
            <Tabs
              value={selected.id}
              onChange={(_e, id) => setSelectedId(id)}
              indicatorColor="primary"
              variant="scrollable"
              aria-label="Environment"
            >
              {items.map(app => (
                <Tab key={app.id} value={app.id} label={app.environment} />
              ))}
            </Tabs>
          </Box>
          <ApplicationDetailsPanel app={selected} refreshKey={refreshKey} />
        </>
      )}
    </Box>
  );
}
