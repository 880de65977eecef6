/**
 * The benchmark's overview page: the plugin's GitOpsOverviewPage (the legacy-system routable
 * extension, lazily loaded as in a portal) inside a Backstage app shell with the real
 * GitOpsClient, talking to the plugin's real router on the same origin.
 */
import ReactDOM from 'react-dom/client';
import { Route, Routes } from 'react-router-dom';
import { TestApiProvider, wrapInTestApp } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  GitOpsClient,
  gitopsApiRef,
  GitOpsOverviewPage,
} from '@backstage-gitops/plugin-gitops';

const client = new GitOpsClient({
  discoveryApi: {
    getBaseUrl: async (pluginId: string) =>
      `${window.location.origin}/api/${pluginId}`,
  },
  fetchApi: { fetch: (input, init) => window.fetch(input, init) },
});
const permissions = {
  authorize: async () => ({ result: AuthorizeResult.ALLOW }),
};

ReactDOM.createRoot(document.getElementById('root')!).render(
  wrapInTestApp(
    <TestApiProvider
      apis={[
        [gitopsApiRef, client],
        [permissionApiRef, permissions],
      ]}
    >
      <Routes>
        <Route path="/gitops" element={<GitOpsOverviewPage />} />
      </Routes>
    </TestApiProvider>,
    {
      routeEntries: ['/gitops'],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  ),
);
