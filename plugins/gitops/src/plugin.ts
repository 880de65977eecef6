import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import type { JSX } from 'react';
import { GitOpsClient, gitopsApiRef } from './api';
import { entityContentRouteRef, rootRouteRef } from './routes';

/**
 * The GitOps plugin for apps on the legacy frontend system.
 * @public
 */
export const gitopsPlugin = createPlugin({
  id: 'gitops',
  apis: [
    createApiFactory({
      api: gitopsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new GitOpsClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
    entityContent: entityContentRouteRef,
  },
});

/**
 * The "GitOps" entity tab: every environment, its resources, sync history and actions.
 * @public
 */
export const EntityGitOpsContent: () => JSX.Element = gitopsPlugin.provide(
  createRoutableExtension({
    name: 'EntityGitOpsContent',
    component: () =>
      import('./components/EntityGitOpsContent/EntityGitOpsContent').then(
        m => m.EntityGitOpsContent,
      ),
    mountPoint: entityContentRouteRef,
  }),
);

/**
 * The `/gitops` overview page of every application.
 * @public
 */
export const GitOpsOverviewPage: () => JSX.Element = gitopsPlugin.provide(
  createRoutableExtension({
    name: 'GitOpsOverviewPage',
    component: () =>
      import('./components/GitOpsOverviewPage/GitOpsOverviewPage').then(
        m => m.GitOpsOverviewPage,
      ),
    mountPoint: rootRouteRef,
  }),
);

/**
 * Compact status per environment for the entity overview.
 * @public
 */
export const EntityGitOpsCard: () => JSX.Element = gitopsPlugin.provide(
  createComponentExtension({
    name: 'EntityGitOpsCard',
    component: {
      lazy: () =>
        import('./components/EntityGitOpsCard/EntityGitOpsCard').then(
          m => m.EntityGitOpsCard,
        ),
    },
  }),
);
