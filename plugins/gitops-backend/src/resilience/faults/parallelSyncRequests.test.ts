import { TestDatabases } from '@backstage/backend-test-utils';
import { ScmIntegrations } from '@backstage/integration';
import request from 'supertest';
import { useLocalInfrastructure } from '../../engine/integration/harness';
import { historyRows } from '../__testUtils__/historyAudit';
import { deleteNamespaces } from '../__testUtils__/names';
import { createTestReplica, eventually } from '../__testUtils__/replicas';
import { createRouterApp, USER } from '../__testUtils__/routerApp';
import { setUpSingleApplication } from '../__testUtils__/singleApplication';

jest.setTimeout(60_000);

const CALLERS = 50;

/**
 * Many "Sync" clicks at once (a double-clicking team, a retrying script) make one sync and one
 * history row: a request while one is queued or running joins it, and every caller hears the same
 * request id.
 */
describe('parallel sync requests for one application', () => {
  const databases = TestDatabases.create();
  const infra = useLocalInfrastructure();
  const namespaces: string[] = [];
  afterAll(() => deleteNamespaces(infra.kube, namespaces));

  it.each(databases.eachSupportedId())(
    'make exactly one sync, whether they arrive while it is queued or while it runs, %p',
    async databaseId => {
      const { knex, store, config, ns, spec } = await setUpSingleApplication({
        databases,
        databaseId,
        infra,
        prefix: 'parallel',
        files: {
          'cm.yaml':
            'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings }\ndata: { key: value }\n',
        },
      });
      namespaces.push(ns);
      // a reconcile can be held at its start, to land requests while it runs
      let gate: Promise<void> | undefined;
      let entered = 0;
      const replica = createTestReplica(store, config, {
        replica: 'replica-a',
        wrap: reconcile => async app => {
          entered += 1;
          await gate;
          return reconcile(app);
        },
      });
      const { app } = await createRouterApp({
        store,
        integrations: ScmIntegrations.fromConfig(config),
        source: replica.source,
      });
      const path = `/applications/${encodeURIComponent(spec.id)}/sync`;
      const syncAtOnce = (count: number) =>
        Promise.all(
          Array.from({ length: count }, () =>
            request(app).post(path).set('authorization', USER).send({}),
          ),
        );
      const userSyncs = async () =>
        (await historyRows(knex, spec.id)).filter(r => r.trigger === 'user');
      try {
        await replica.worker.drain();
        expect(await userSyncs()).toEqual([]);

        // 1. all of them while the sync is queued: one queues it, the rest join
        const queued = await syncAtOnce(CALLERS);
        expect(queued.map(r => r.status)).toEqual(queued.map(() => 202));
        const ids = new Set(queued.map(r => r.body.requestId));
        expect(ids.size).toBe(1);
        expect(queued.filter(r => r.body.alreadyQueued === false)).toHaveLength(
          1,
        );
        await replica.worker.drain();
        expect(await userSyncs()).toHaveLength(1);

        // 2. all of them while it runs: they join the running sync
        let open!: () => void;
        gate = new Promise(resolve => (open = resolve));
        const first = await syncAtOnce(1);
        const before = entered;
        const draining = replica.worker.drain();
        await eventually('the sync to start', async () => entered > before);
        const joined = await syncAtOnce(CALLERS);
        expect(joined.map(r => r.status)).toEqual(joined.map(() => 202));
        expect(new Set(joined.map(r => r.body.requestId))).toEqual(
          new Set([first[0].body.requestId]),
        );
        expect(joined.every(r => r.body.alreadyQueued === true)).toBe(true);
        // a sync of something else is refused while this one runs, never swapped in silently
        const other = await request(app)
          .post(path)
          .set('authorization', USER)
          .send({ revision: 'refs/heads/main' });
        expect([other.status, other.body.error?.message]).toEqual([
          409,
          `A different sync of '${spec.id}' is already queued or running; try again when it finishes`,
        ]);
        open();
        await draining;
        await replica.worker.drain();
        const rows = await userSyncs();
        expect(rows.map(r => r.result)).toEqual(['Succeeded', 'Succeeded']);
        expect((await store.getApplication(spec.id))?.request).toBeUndefined();
      } finally {
        await replica.stop();
      }
    },
  );
});
