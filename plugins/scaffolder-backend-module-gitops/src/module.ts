import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createAppSyncAction } from './actions/appSync/createAppSyncAction';
import { createConfigRepoAction } from './actions/configRepo/createConfigRepoAction';
import { configuredIntegrations } from '@backstage-gitops/plugin-gitops-node';

/**
 * Adds the GitOps actions to the scaffolder: `gitops:config-repo:create` and `gitops:app:sync`.
 * A portal installs it with
 * `backend.add(import('@backstage-gitops/plugin-scaffolder-backend-module-gitops'))`.
 * @public
 */
export const gitopsScaffolderModule = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'gitops',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
      },
      async init({ scaffolder, config, auth, discovery }) {
        scaffolder.addActions(
          createConfigRepoAction({
            integrations: configuredIntegrations(config),
            config,
          }),
          createAppSyncAction({ auth, discovery }),
        );
      },
    });
  },
});
