/*
 * The portal backend, wired with the GitOps backend plugin and its scaffolder module.
 *
 * In development (not NODE_ENV=production, and GITOPS_LOCAL_INFRA not `off`) it first starts the
 * local Git server (in-process) and the local Kubernetes control plane, with the demo config repositories
 * seeded, so the portal works on a machine with nothing else installed.
 */
import { createBackend } from '@backstage/backend-defaults';
import { urlReaderFactoriesServiceRef } from '@backstage/backend-defaults/urlReader';
import {
  createServiceFactory,
  ServiceFactory,
} from '@backstage/backend-plugin-api';

async function main() {
  let localGitReader: ServiceFactory | undefined;
  if (
    process.env.NODE_ENV !== 'production' &&
    process.env.GITOPS_LOCAL_INFRA !== 'off'
  ) {
    // required lazily so a production backend never loads the local test infrastructure
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const localInfra: typeof import('@internal/local-infra') = require('@internal/local-infra');
    const infrastructure = await localInfra.startDevelopmentInfrastructure();
    // the catalog reads a new service's catalog-info.yaml from the local Git server by URL
    localGitReader = createServiceFactory({
      service: urlReaderFactoriesServiceRef,
      deps: {},
      async factory() {
        const reader = localInfra.localGitUrlReader(infrastructure.git);
        const host = new URL(infrastructure.gitUrl).host;
        return () => [{ reader, predicate: (url: URL) => url.host === host }];
      },
    });
  }

  const backend = createBackend();
  if (localGitReader) backend.add(localGitReader);

  backend.add(import('@backstage/plugin-app-backend'));

  backend.add(import('@backstage/plugin-auth-backend'));
  backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

  backend.add(import('@backstage/plugin-catalog-backend'));
  backend.add(
    import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
  );
  backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

  backend.add(import('@backstage/plugin-scaffolder-backend'));
  backend.add(
    import('@backstage/plugin-scaffolder-backend-module-notifications'),
  );
  backend.add(
    import('@backstage-gitops/plugin-scaffolder-backend-module-gitops'),
  );

  backend.add(import('@backstage/plugin-permission-backend'));
  backend.add(
    import('@backstage/plugin-permission-backend-module-allow-all-policy'),
  );

  backend.add(import('@backstage/plugin-notifications-backend'));
  backend.add(import('@backstage/plugin-signals-backend'));
  backend.add(import('@backstage/plugin-user-settings-backend'));

  backend.add(import('@backstage-gitops/plugin-gitops-backend'));

  await backend.start();
}

main().catch(error => {
  // eslint-disable-next-line no-console
  console.error(error);
  process.exit(1);
});
