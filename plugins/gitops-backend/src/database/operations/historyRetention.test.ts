import { SyncRecord } from '@backstage-gitops/plugin-gitops-common';
import { TestDatabases } from '@backstage/backend-test-utils';
import { testApplicationSpec } from '../../testUtils/applications';
import { DatabaseGitOpsStore } from '../GitOpsStore';

jest.setTimeout(60_000);

const APP = 'component:default/shop#dev';
const OTHER = 'component:default/shop#prod';
const minute = (m: number) => new Date(Date.UTC(2026, 0, 1, 0, m));
const syncId = (app: string, n: number) =>
  `0000000${app === APP ? 'a' : 'b'}-0000-0000-0000-${String(n).padStart(
    12,
    '0',
  )}`;

describe('history retention operations', () => {
  const databases = TestDatabases.create();

  /** Syncs of APP and OTHER at the given minutes (Succeeded unless told), and OTHER's rows untouched. */
  async function setup(
    databaseId: Parameters<typeof databases.init>[0],
    minutes: number[],
    results: Record<number, SyncRecord['result']> = {},
  ) {
    const knex = await databases.init(databaseId);
    const store = await DatabaseGitOpsStore.create({ knex });
    await store.replaceApplications(
      { origin: 'catalog', entityRef: 'component:default/shop' },
      [APP, OTHER].map(id => ({ spec: testApplicationSpec({ id }) })),
    );
    for (const app of [APP, OTHER])
      for (const [n, m] of minutes.entries())
        await store.insertSync({
          id: syncId(app, n),
          applicationId: app,
          trigger: 'poll',
          startedAt: minute(m).toISOString(),
          result: app === APP ? results[n] ?? 'Succeeded' : 'Succeeded',
          counts: { created: 0, updated: 0, unchanged: 0, pruned: 0 },
        });
    const kept = async (app = APP) =>
      (
        await knex('gitops_sync_history')
          .where('application_id', app)
          .orderBy('id')
          .select('id')
      ).map(r => Number(r.id.slice(-12)));
    return { knex, store, kept };
  }

  it.each(databases.eachSupportedId())(
    "trims an application's history to its newest rows, keeping running and last syncs, %p",
    async databaseId => {
      // row 1 is still running; row 0 is what the application shows as its last sync
      const { knex, store, kept } = await setup(
        databaseId,
        [0, 1, 2, 3, 4, 5],
        { 1: 'Running' },
      );
      await knex('gitops_applications')
        .where('id', APP)
        .update({ last_sync_id: syncId(APP, 0) });
      expect(await store.trimApplicationHistory(APP, 2, 100)).toBe(2);
      expect(await kept()).toEqual([0, 1, 4, 5]);
      expect(await kept(OTHER)).toEqual([0, 1, 2, 3, 4, 5]);
      // nothing more to trim: a second call is a no-op
      expect(await store.trimApplicationHistory(APP, 2, 100)).toBe(0);
    },
  );

  it.each(databases.eachSupportedId())(
    'trims at most `limit` rows per call, and orders rows that started together by id, %p',
    async databaseId => {
      const { store, kept } = await setup(databaseId, [0, 0, 0, 1, 1]);
      expect(await store.trimApplicationHistory(APP, 3, 1)).toBe(1);
      expect(await kept()).toEqual([1, 2, 3, 4]);
      expect(await store.trimApplicationHistory(APP, 3, 100)).toBe(1);
      // the newest three: both rows of minute 1, and the higher id of minute 0
      expect(await kept()).toEqual([2, 3, 4]);
    },
  );

  it.each(databases.eachSupportedId())(
    'purges rows older than the cut-off across applications, in batches, %p',
    async databaseId => {
      const { knex, store, kept } = await setup(
        databaseId,
        [0, 10, 20, 30, 40],
        { 0: 'Running' },
      );
      await knex('gitops_applications')
        .where('id', OTHER)
        .update({ last_sync_id: syncId(OTHER, 1) });
      // before minute 30: APP 1, 2 (0 is running), OTHER 0, 2 (1 is its last sync)
      expect(await store.purgeHistoryOlderThan(minute(30), 3)).toBe(3);
      expect(await store.purgeHistoryOlderThan(minute(30), 3)).toBe(1);
      expect(await store.purgeHistoryOlderThan(minute(30), 3)).toBe(0);
      expect(await kept()).toEqual([0, 3, 4]);
      expect(await kept(OTHER)).toEqual([1, 3, 4]);
    },
  );
});
