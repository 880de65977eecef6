import { TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseGitOpsStore } from '../GitOpsStore';
import { DELIVERY_PURGE_BATCH } from './webhookDeliveries';

jest.setTimeout(60_000);

const minute = (m: number) => new Date(Date.UTC(2026, 0, 1, 0, m));

describe('webhook delivery operations', () => {
  const databases = TestDatabases.create();

  async function setup(databaseId: Parameters<typeof databases.init>[0]) {
    const knex = await databases.init(databaseId);
    const clock = { now: minute(0) };
    const store = await DatabaseGitOpsStore.create({
      knex,
      now: () => clock.now,
    });
    const rows = async () =>
      (await knex('gitops_webhook_deliveries').orderBy('id').select('id')).map(
        r => r.id,
      );
    return { knex, clock, store, rows };
  }

  it.each(databases.eachSupportedId())(
    'refuses a replay key while it is remembered, and accepts it after it expired, %p',
    async databaseId => {
      const { clock, store, rows } = await setup(databaseId);
      expect(await store.recordWebhookDelivery('github:a', minute(5))).toBe(
        true,
      );
      expect(await store.recordWebhookDelivery('github:a', minute(5))).toBe(
        false,
      );
      expect(await store.recordWebhookDelivery('github:b', minute(10))).toBe(
        true,
      );
      clock.now = minute(6);
      // the next write purges what expired: a, not b
      expect(await store.recordWebhookDelivery('github:c', minute(11))).toBe(
        true,
      );
      expect(await rows()).toEqual(['github:b', 'github:c']);
      expect(await store.recordWebhookDelivery('github:b', minute(11))).toBe(
        false,
      );
      expect(await store.recordWebhookDelivery('github:a', minute(11))).toBe(
        true,
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'purges at most one batch of expired rows per write, %p',
    async databaseId => {
      const { knex, clock, store } = await setup(databaseId);
      const expired = DELIVERY_PURGE_BATCH + 20;
      await knex.batchInsert(
        'gitops_webhook_deliveries',
        Array.from({ length: expired }, (_, i) => ({
          id: `old:${i}`,
          received_at: minute(0),
          expires_at: minute(1),
        })),
        100,
      );
      clock.now = minute(30);
      const count = async () =>
        Number(
          (await knex('gitops_webhook_deliveries').count({ n: '*' }))[0].n,
        );
      await store.recordWebhookDelivery('new:1', minute(35));
      expect(await count()).toBe(expired - DELIVERY_PURGE_BATCH + 1);
      await store.recordWebhookDelivery('new:2', minute(35));
      expect(await count()).toBe(2);
    },
  );
});
