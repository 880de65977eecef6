import { TestDatabases } from '@backstage/backend-test-utils';
import { testApplicationSpec } from '../../testUtils/applications';
import { DatabaseGitOpsStore } from '../GitOpsStore';

jest.setTimeout(60_000);

describe('applications operations', () => {
  const databases = TestDatabases.create();

  async function createStore(databaseId: Parameters<typeof databases.init>[0]) {
    const knex = await databases.init(databaseId);
    return DatabaseGitOpsStore.create({ knex });
  }

  it.each(databases.eachSupportedId())(
    'replaces the applications of one entity, %p',
    async databaseId => {
      const store = await createStore(databaseId);
      const scope = {
        origin: 'catalog' as const,
        entityRef: 'component:default/shop',
      };
      const dev = testApplicationSpec({ id: 'component:default/shop#dev' });
      const prod = testApplicationSpec({
        id: 'component:default/shop#prod',
        environment: 'prod',
      });

      expect(
        await store.replaceApplications(scope, [
          { spec: dev, owner: 'group:default/team-a' },
          { spec: prod },
        ]),
      ).toEqual({
        added: [dev.id, prod.id],
        changed: [],
        removed: [],
      });
      // unchanged input changes nothing; a changed spec is reported; a missing one is removed
      expect(
        await store.replaceApplications(scope, [
          { spec: dev, owner: 'group:default/team-a' },
          { spec: prod },
        ]),
      ).toEqual({
        added: [],
        changed: [],
        removed: [],
      });
      const changedDev = { ...dev, intervalSeconds: 60 };
      expect(
        await store.replaceApplications(scope, [
          { spec: changedDev, owner: 'group:default/team-a' },
        ]),
      ).toEqual({
        added: [],
        changed: [dev.id],
        removed: [prod.id],
      });
      const record = await store.getApplication(dev.id);
      expect(record?.spec.intervalSeconds).toBe(60);
      expect(record?.owner).toBe('group:default/team-a');
      expect(await store.getApplication(prod.id)).toBeUndefined();
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps other scopes untouched, %p',
    async databaseId => {
      const store = await createStore(databaseId);
      const other = testApplicationSpec({
        id: 'component:default/cart#dev',
        entityRef: 'component:default/cart',
      });
      const platform = testApplicationSpec({
        id: 'config:ingress',
        origin: 'config',
        entityRef: undefined,
      });
      await store.replaceApplications(
        { origin: 'catalog', entityRef: 'component:default/cart' },
        [{ spec: other }],
      );
      await store.replaceApplications({ origin: 'config' }, [
        { spec: platform },
      ]);
      await store.replaceApplications(
        { origin: 'catalog', entityRef: 'component:default/shop' },
        [],
      );
      expect(
        (await store.listApplications({})).items.map(a => a.spec.id).sort(),
      ).toEqual([other.id, platform.id].sort());
    },
  );

  it.each(databases.eachSupportedId())(
    'lists with filters, search, sorting and paging, %p',
    async databaseId => {
      const store = await createStore(databaseId);
      const specs = ['a', 'b', 'c', 'd', 'e'].map((name, i) =>
        testApplicationSpec({
          id: `component:default/${name}#dev`,
          entityRef: `component:default/${name}`,
          destination: {
            cluster: i % 2 ? 'east' : 'west',
            namespace: `${name}-dev`,
            allowedNamespaces: [],
            allowClusterScoped: false,
          },
        }),
      );
      for (const spec of specs) {
        await store.replaceApplications(
          { origin: 'catalog', entityRef: spec.entityRef! },
          [
            {
              spec,
              owner: `group:default/${
                spec.id < 'component:default/c' ? 'one' : 'two'
              }`,
            },
          ],
        );
      }
      const page = await store.listApplications({
        orderBy: 'id',
        order: 'desc',
        offset: 1,
        limit: 2,
      });
      expect(page.totalCount).toBe(5);
      expect(page.items.map(a => a.spec.id)).toEqual([
        'component:default/d#dev',
        'component:default/c#dev',
      ]);
      expect(
        (await store.listApplications({ cluster: 'east' })).items.map(
          a => a.spec.id,
        ),
      ).toEqual(['component:default/b#dev', 'component:default/d#dev']);
      expect(
        (await store.listApplications({ owner: 'group:default/one' }))
          .totalCount,
      ).toBe(2);
      expect(
        (await store.listApplications({ q: 'C-DEV' })).items.map(
          a => a.spec.id,
        ),
      ).toEqual(['component:default/c#dev']);
      expect((await store.listApplications({ q: '100%_' })).totalCount).toBe(0);
      const counts = await store.countApplications({});
      expect(counts.total).toBe(5);
      expect(counts.syncStatus.Unknown).toBe(5);
      expect(counts.health.Unknown).toBe(5);
    },
  );

  it.each(databases.eachSupportedId())(
    'stores suspend and pin overrides, %p',
    async databaseId => {
      const store = await createStore(databaseId);
      const spec = testApplicationSpec({ id: 'component:default/shop#dev' });
      await store.replaceApplications(
        { origin: 'catalog', entityRef: spec.entityRef! },
        [{ spec }],
      );
      expect(
        await store.setOverrides(spec.id, {
          suspended: true,
          pinnedRevision: 'abc123',
        }),
      ).toBe(true);
      expect(await store.setOverrides('missing', { suspended: true })).toBe(
        false,
      );
      let record = await store.getApplication(spec.id);
      expect([record?.suspended, record?.pinnedRevision]).toEqual([
        true,
        'abc123',
      ]);
      await store.setOverrides(spec.id, {
        suspended: false,
        pinnedRevision: null,
      });
      record = await store.getApplication(spec.id);
      expect([record?.suspended, record?.pinnedRevision]).toEqual([
        false,
        undefined,
      ]);
    },
  );
});

describe('repository lookups', () => {
  const databases = TestDatabases.create();

  it.each(databases.eachSupportedId())(
    'finds applications by normalized repo and ref, %p',
    async databaseId => {
      const store = await DatabaseGitOpsStore.create({
        knex: await databases.init(databaseId),
      });
      const main = testApplicationSpec({ id: 'component:default/shop#dev' });
      const release = testApplicationSpec({
        id: 'component:default/shop#prod',
        source: { ...main.source, ref: 'release' },
      });
      await store.replaceApplications(
        { origin: 'catalog', entityRef: 'component:default/shop' },
        [{ spec: main }, { spec: release }],
      );
      expect(
        await store.findApplicationsByRepo(
          'http://127.0.0.1/shop-config',
          'main',
        ),
      ).toEqual([main.id]);
      expect(
        await store.findApplicationsByRepo('http://127.0.0.1/other', 'main'),
      ).toEqual([]);
      expect(await store.listEntityRefs()).toEqual(['component:default/shop']);
    },
  );
});
