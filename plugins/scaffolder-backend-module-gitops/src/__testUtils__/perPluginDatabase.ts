import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';

/** One database per plugin, as a portal has, on the database engine under test. */
export function perPluginDatabaseFactory(
  databases: TestDatabases,
  databaseId: TestDatabaseId,
) {
  const clients = new Map<string, ReturnType<TestDatabases['init']>>();
  return createServiceFactory({
    service: coreServices.database,
    deps: { pluginMetadata: coreServices.pluginMetadata },
    factory({ pluginMetadata }) {
      const pluginId = pluginMetadata.getId();
      if (!clients.has(pluginId))
        clients.set(pluginId, databases.init(databaseId));
      return { getClient: () => clients.get(pluginId)! };
    },
  });
}
