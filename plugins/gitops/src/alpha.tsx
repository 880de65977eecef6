/**
 * GitOps for Backstage on the new frontend system: the plugin and its extensions (the API
 * client, entity tab, entity card and overview page).
 *
 * @packageDocumentation
 */
import {
  ApiBlueprint,
  PageBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import CallSplitIcon from '@material-ui/icons/CallSplit';
import { GitOpsClient, gitopsApiRef } from './api';
import { isGitOpsAvailable } from './lib/isGitOpsAvailable';

/** Route of the `/gitops` overview page in the new frontend system. @alpha */
export const gitopsOverviewRouteRef = createRouteRef();

/** The GitOps REST client as an API extension (`gitopsApiRef`). @alpha */
export const gitopsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: gitopsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new GitOpsClient({ discoveryApi, fetchApi }),
    }),
});

/** The "GitOps" tab on any entity kind that carries the config-repo annotation. @alpha */
export const gitopsEntityContent = EntityContentBlueprint.make({
  params: {
    path: 'gitops',
    title: 'GitOps',
    group: 'deployment',
    filter: isGitOpsAvailable,
    loader: () =>
      import('./components/EntityGitOpsContent/EntityGitOpsContent').then(m => (
        <m.EntityGitOpsContent />
      )),
  },
});

/** Status card for the entity overview, on the same entities as the tab. @alpha */
export const gitopsEntityCard = EntityCardBlueprint.make({
  params: {
    type: 'content',
    filter: isGitOpsAvailable,
    loader: () =>
      import('./components/EntityGitOpsCard/EntityGitOpsCard').then(m => (
        <m.EntityGitOpsCard />
      )),
  },
});

/**
 * The `/gitops` overview page. Its title and icon also make the sidebar entry: this version of
 * the frontend system derives navigation items from pages (it has no separate nav item blueprint).
 * @alpha
 */
export const gitopsOverviewPage = PageBlueprint.make({
  params: {
    path: '/gitops',
    title: 'GitOps',
    icon: <CallSplitIcon />,
    routeRef: gitopsOverviewRouteRef,
    loader: () =>
      import('./components/GitOpsOverviewPage/GitOpsOverviewPage').then(m => (
        <m.GitOpsOverviewPageBody />
      )),
  },
});

/**
 * GitOps for the new frontend system:
 * `createApp({ features: [gitopsPlugin] })` or package discovery.
 * @alpha
 */
const gitopsPlugin = createFrontendPlugin({
  pluginId: 'gitops',
  title: 'GitOps',
  icon: <CallSplitIcon />,
  info: { packageJson: () => import('../package.json') },
  routes: { root: gitopsOverviewRouteRef },
  extensions: [
    gitopsApi,
    gitopsEntityContent,
    gitopsEntityCard,
    gitopsOverviewPage,
  ],
});

export default gitopsPlugin;
