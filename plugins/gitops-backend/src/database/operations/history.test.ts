import { TestDatabases } from '@backstage/backend-test-utils';
import { SyncRecord } from '@backstage-gitops/plugin-gitops-common';
import { DatabaseGitOpsStore } from '../GitOpsStore';
import { listHistory } from './history';

jest.setTimeout(60_000);

function sync(
  id: string,
  applicationId: string,
  minute: number,
  overrides: Partial<SyncRecord> = {},
): SyncRecord {
  return {
    id,
    applicationId,
    trigger: 'poll',
    startedAt: new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString(),
    result: 'Running',
    counts: { created: 0, updated: 0, unchanged: 0, pruned: 0 },
    ...overrides,
  };
}

describe('history operations', () => {
  const databases = TestDatabases.create();

  it.each(databases.eachSupportedId())(
    'pages history newest first per app and per entity, %p',
    async databaseId => {
      const store = await DatabaseGitOpsStore.create({
        knex: await databases.init(databaseId),
      });
      for (let i = 0; i < 5; i++) {
        await store.insertSync({
          ...sync(`00000000-0000-0000-0000-00000000000${i}`, 'app-a', i),
          entityRef: 'Component:default/Shop',
        });
      }
      await store.insertSync({
        ...sync('00000000-0000-0000-0000-000000000009', 'app-b', 9),
        entityRef: 'component:default/shop',
      });
      const page = await store.listHistory(
        { applicationId: 'app-a' },
        { offset: 1, limit: 2 },
      );
      expect(page.totalCount).toBe(5);
      expect(page.items.map(s => s.id.slice(-1))).toEqual(['3', '2']);
      const entity = await store.listHistory(
        { entityRef: 'component:default/shop' },
        { offset: 0, limit: 3 },
      );
      expect(entity.totalCount).toBe(6);
      expect(entity.items[0].applicationId).toBe('app-b');
    },
  );

  it.each(databases.eachSupportedId())(
    'stops counting a long history at the limit and says so, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await DatabaseGitOpsStore.create({ knex });
      for (let i = 0; i < 5; i++)
        await store.insertSync(
          sync(`00000000-0000-0000-0000-00000000000${i}`, 'app-a', i),
        );
      const byApp = { applicationId: 'app-a' };
      expect(
        await listHistory(knex, byApp, { offset: 0, limit: 2 }, 5),
      ).toMatchObject({ totalCount: 5 });
      expect(
        (await listHistory(knex, byApp, { offset: 0, limit: 2 }, 5))
          .totalCountCapped,
      ).toBeUndefined();
      const capped = await listHistory(knex, byApp, { offset: 3, limit: 2 }, 4);
      expect(capped).toMatchObject({ totalCount: 4, totalCountCapped: true });
      // the page itself is not cut by the count
      expect(capped.items.map(s => s.id.slice(-1))).toEqual(['1', '0']);
    },
  );

  it.each(databases.eachSupportedId())(
    'finishes a running sync once, and interrupts the rest, %p',
    async databaseId => {
      const store = await DatabaseGitOpsStore.create({
        knex: await databases.init(databaseId),
      });
      await store.insertSync(
        sync('00000000-0000-0000-0000-000000000001', 'app-a', 1),
      );
      await store.insertSync(
        sync('00000000-0000-0000-0000-000000000002', 'app-a', 2),
      );
      const outcome = {
        result: 'Succeeded' as const,
        counts: { created: 2, updated: 1, unchanged: 3, pruned: 1 },
        finishedAt: new Date(Date.UTC(2026, 0, 1, 0, 3)).toISOString(),
        revision: 'abc',
        commit: {
          sha: 'abc',
          message: 'scale web',
          author: 'Jo <jo@example.com>',
        },
        resources: [
          {
            group: 'apps',
            kind: 'Deployment',
            namespace: 'ns',
            name: 'web',
            action: 'updated' as const,
          },
        ],
      };
      expect(
        await store.finishSync('00000000-0000-0000-0000-000000000001', outcome),
      ).toBe(true);
      expect(
        await store.finishSync('00000000-0000-0000-0000-000000000001', {
          ...outcome,
          result: 'Failed',
        }),
      ).toBe(false);
      expect(await store.interruptRunningSyncs('app-a')).toBe(1);
      const done = await store.getSync('00000000-0000-0000-0000-000000000001');
      expect(done).toMatchObject({
        result: 'Succeeded',
        counts: outcome.counts,
        revision: 'abc',
        commit: outcome.commit,
      });
      expect(done?.finishedAt).toBe(outcome.finishedAt);
      expect(done?.resources).toEqual(outcome.resources);
      expect(
        (await store.getSync('00000000-0000-0000-0000-000000000002'))?.result,
      ).toBe('Interrupted');
    },
  );
});
