import { TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseGitOpsStore } from '../GitOpsStore';

jest.setTimeout(60_000);

describe('inventory and onboarding errors', () => {
  const databases = TestDatabases.create();

  it.each(databases.eachSupportedId())(
    'replaces an inventory whole, %p',
    async databaseId => {
      const store = await DatabaseGitOpsStore.create({
        knex: await databases.init(databaseId),
      });
      const many = Array.from({ length: 250 }, (_, i) => ({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        namespace: 'ns',
        name: `cm-${String(i).padStart(3, '0')}`,
      }));
      await store.replaceInventory('app-a', [
        ...many,
        { apiVersion: 'v1', kind: 'Namespace', name: 'ns' },
      ]);
      expect(await store.getInventory('app-a')).toHaveLength(251);
      await store.replaceInventory('app-a', [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          namespace: 'ns',
          name: 'web',
        },
      ]);
      expect(await store.getInventory('app-a')).toEqual([
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          namespace: 'ns',
          name: 'web',
        },
      ]);
      expect(await store.getInventory('app-b')).toEqual([]);
    },
  );

  it.each(databases.eachSupportedId())(
    'sets and clears onboarding errors, %p',
    async databaseId => {
      const store = await DatabaseGitOpsStore.create({
        knex: await databases.init(databaseId),
      });
      await store.setOnboardingError(
        'component:default/shop',
        'gitops.yaml: environments[0].path is required',
      );
      await store.setOnboardingError(
        'component:default/shop',
        'gitops.yaml: environments[0].name is required',
      );
      expect(
        await store.listOnboardingErrors('Component:default/shop'),
      ).toEqual([
        {
          entityRef: 'component:default/shop',
          message: 'gitops.yaml: environments[0].name is required',
        },
      ]);
      await store.setOnboardingError('component:default/shop', undefined);
      expect(await store.listOnboardingErrors()).toEqual([]);
    },
  );
});
