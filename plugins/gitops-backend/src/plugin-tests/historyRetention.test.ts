import { TestDatabases } from '@backstage/backend-test-utils';
import request from 'supertest';
import { HISTORY_RETENTION_TASK } from '../plugin';
import {
  ONBOARDING_TASK,
  startWithOneApplication,
  useInfrastructure,
  userAuth,
  waitFor,
} from './__testUtils__/testBackend';

jest.setTimeout(180_000);

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * `gitops.history.retention`: each sync trims its application's history to the newest
 * `maxPerApplication` rows, and the hourly task removes rows older than `maxAgeDays`.
 */
describe('gitops plugin: history retention', () => {
  const databases = TestDatabases.create();
  const infra = useInfrastructure();

  it.each(databases.eachSupportedId())(
    'keeps the newest rows per application and removes old ones, %p',
    async databaseId => {
      const { gitops, id } = await startWithOneApplication({
        databases,
        databaseId,
        infra,
        base: 'retention',
        config: {
          gitops: {
            history: { retention: { maxPerApplication: 3, maxAgeDays: 30 } },
          },
        },
      });
      const api = request(gitops.server);
      const app = `/api/gitops/applications/${encodeURIComponent(id)}`;
      const history = async () =>
        (
          await gitops
            .knex('gitops_sync_history')
            .where('application_id', id)
            .orderBy('started_at', 'asc')
            .select('id', 'trigger', 'result', 'started_at')
        ).map(row => ({ ...row, started_at: new Date(row.started_at) }));
      const idle = async () => {
        const row = await gitops
          .knex('gitops_applications')
          .where('id', id)
          .first('request', 'claimed_by');
        return row && !row.request && !row.claimed_by ? true : undefined;
      };
      await gitops.runTask(ONBOARDING_TASK);
      await waitFor('the first sync', async () =>
        (await history()).some(h => h.result === 'Succeeded')
          ? true
          : undefined,
      );

      // five more syncs, one after the other: only the newest three rows stay
      for (let i = 0; i < 5; i++) {
        await waitFor('an idle application', idle);
        const before = (await history()).at(-1)?.id;
        await api
          .post(`${app}/sync`)
          .set('Authorization', userAuth())
          .send({})
          .expect(202);
        await waitFor('the sync to finish', async () => {
          const rows = await history();
          return rows.at(-1)?.id !== before &&
            rows.at(-1)?.result === 'Succeeded'
            ? true
            : undefined;
        });
      }
      await waitFor('an idle application', idle);
      const kept = await history();
      expect(kept.map(h => [h.trigger, h.result])).toEqual([
        ['user', 'Succeeded'],
        ['user', 'Succeeded'],
        ['user', 'Succeeded'],
      ]);

      // rows from before the age limit go with the hourly task; the application's last sync stays
      await gitops
        .knex('gitops_sync_history')
        .whereIn(
          'id',
          kept.slice(0, 2).map(h => h.id),
        )
        .update({ started_at: new Date(Date.now() - 31 * DAY_MS) });
      await gitops.runTask(HISTORY_RETENTION_TASK);
      expect((await history()).map(h => h.id)).toEqual([kept[2].id]);
      const details = await api.get(app).set('Authorization', userAuth());
      expect(details.body.lastSync?.id).toBe(kept[2].id);
      await gitops.stop();
    },
  );
});
