/* eslint jest/no-standalone-expect: ['error', { additionalTestBlockFunctions: ['itCase', 'itOnPostgres', 'itFailingOnPostgres'] }] -- the suite's own test declarations */
import { TestDatabases } from '@backstage/backend-test-utils';
import createKnex, { Knex } from 'knex';
import { DatabaseGitOpsStore } from '../../database/GitOpsStore';
import {
  appSpec,
  localConfig,
  useLocalInfrastructure,
} from '../../engine/integration/harness';
import { itOnPostgres } from '../__testUtils__/databases';
import { historyProblems, historyRows } from '../__testUtils__/historyAudit';
import { LeakCollector } from '../__testUtils__/leakScan';
import { databaseSuffix, uniqueName } from '../__testUtils__/names';
import { RecordingLogger } from '../__testUtils__/recordingLogger';
import { createTestReplica, makeDue } from '../__testUtils__/replicas';

jest.setTimeout(60_000);

const APPS = 6;
const LEASE_MS = 2_000;

/** A separate connection to the same database, used only to cut every other session of it. */
function adminConnection(knex: Knex): Knex {
  return createKnex({
    client: 'pg',
    connection: knex.client.config.connection,
    pool: { min: 0, max: 1 },
  });
}

/** Ends every session of this test's database but the caller's; the server itself keeps running. */
async function terminateOtherSessions(admin: Knex): Promise<number> {
  const result = await admin.raw(
    'SELECT pg_terminate_backend(pid) AS cut FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
  );
  return result.rows.length;
}

describe('PostgreSQL connection loss during a reconcile round', () => {
  const databases = TestDatabases.create();
  const infra = useLocalInfrastructure();
  const leaks = new LeakCollector();

  itOnPostgres(
    databases,
    'the worker carries on with the next round and leaves no half-written sync row',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await DatabaseGitOpsStore.create({ knex });
      const admin = adminConnection(knex);
      const repo = uniqueName(`dbloss-${databaseSuffix(databaseId)}`);
      const files: Record<string, string> = {};
      for (let i = 0; i < APPS; i++)
        files[
          `apps/a${i}/cm.yaml`
        ] = `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: ${repo}-a${i} }\ndata: { app: "a${i}" }\n`;
      await infra.git.seedRepo(repo, files);
      const specs = Array.from({ length: APPS }, (_, i) =>
        appSpec(infra.git, repo, {
          id: `component:default/${repo}#a${i}`,
          environment: `a${i}`,
          source: {
            repoUrl: infra.git.repoUrl(repo),
            ref: 'main',
            path: `apps/a${i}`,
          },
        }),
      );
      await store.replaceApplications(
        { origin: 'catalog', entityRef: specs[0].entityRef! },
        specs.map(spec => ({ spec })),
      );

      // the moment the round writes its first object, every database session of the backend is cut:
      // syncs in flight lose the connection between their Running row and their outcome
      // the pool reports every connection it loses on the console: expected here, so kept quiet
      const log = console.log;
      const quiet = jest
        .spyOn(console, 'log')
        .mockImplementation((...args: unknown[]) =>
          String(args[0]).startsWith('Connection Error')
            ? undefined
            : log(...args),
        );
      let cut: Promise<number> | undefined;
      const logger = new RecordingLogger();
      leaks.addLogger('logs', logger);
      const replica = createTestReplica(store, localConfig(infra), {
        replica: 'replica-a',
        leaseMs: LEASE_MS,
        logger,
        onCluster: cluster => {
          const apply = cluster.apply.bind(cluster);
          cluster.apply = async (obj, options) => {
            const result = await apply(obj, options);
            if (!options?.dryRun) await (cut ??= terminateOtherSessions(admin));
            return result;
          };
        },
      });
      await expect(replica.worker.drain()).resolves.toBeUndefined();
      expect(await cut).toBeGreaterThan(0);
      // whatever the lost connection made the engine say (which calls fail varies), it says without
      // the statement and its values
      const said = [
        ...logger.lines.map(l => l.message),
        ...(await knex('gitops_applications').select('message', 'error')).map(
          r => `${r.message} ${r.error}`,
        ),
        ...(await historyRows(knex)).map(r => String(r.error ?? '')),
      ];
      // (knex writes "<statement> - <driver message>", e.g. "BEGIN; - terminating connection …")
      const statement =
        /(^|: )(select|insert|update|delete|with|begin|commit|rollback|savepoint)\b[^]* - /i;
      expect(said.filter(text => statement.test(text))).toEqual([]);
      // (right after this round a sync row can still read Running without a claim: see the known-bug test below)

      // the next round, once any lease left behind has lapsed, finishes the work
      await new Promise(r => setTimeout(r, LEASE_MS + 200));
      await makeDue(knex);
      await expect(replica.worker.drain()).resolves.toBeUndefined();

      const apps = await knex('gitops_applications').select(
        'id',
        'sync_status',
        'claimed_by',
      );
      expect(apps.map(a => [a.id, a.sync_status, a.claimed_by]).sort()).toEqual(
        specs.map(s => [s.id, 'Synced', null]).sort(),
      );
      const rows = await historyRows(knex);
      expect(
        rows.filter(
          r => !['Succeeded', 'Failed', 'Interrupted'].includes(r.result),
        ),
      ).toEqual([]);
      expect(
        await historyProblems(knex, {
          startedSyncIds: logger.startedSyncIds(),
        }),
      ).toEqual([]);
      for (const spec of specs) {
        expect(
          await infra.kube.cluster.get(
            'v1',
            'ConfigMap',
            'default',
            `${repo}-${spec.environment}`,
          ),
        ).toBeDefined();
        await infra.kube.cluster.delete(
          'v1',
          'ConfigMap',
          'default',
          `${repo}-${spec.environment}`,
        );
      }
      await leaks.addDatabase('store', knex);
      await admin.destroy();
      await replica.stop();
      quiet.mockRestore();
    },
  );

  itOnPostgres(
    databases,
    'a sync whose outcome cannot be written is not left Running once its claim is released',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await DatabaseGitOpsStore.create({ knex });
      // the connection drops exactly when the outcome is written, every time
      const dropsOnFinish = new Proxy(store, {
        get(target, prop) {
          if (prop === 'finishSync') {
            return async () => {
              throw new Error('Connection terminated unexpectedly');
            };
          }
          const value = Reflect.get(target, prop);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      const repo = uniqueName(`dbfinish-${databaseSuffix(databaseId)}`);
      await infra.git.seedRepo(repo, {
        'app/cm.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: ${repo} }\n`,
      });
      const spec = appSpec(infra.git, repo, {
        id: `component:default/${repo}#dev`,
        source: { repoUrl: infra.git.repoUrl(repo), ref: 'main', path: 'app' },
      });
      await store.replaceApplications(
        { origin: 'catalog', entityRef: spec.entityRef! },
        [{ spec }],
      );
      const replica = createTestReplica(dropsOnFinish, localConfig(infra), {
        replica: 'replica-a',
      });
      try {
        await replica.worker.drain();
        expect(
          (await store.getApplication(spec.id))?.claimedBy,
        ).toBeUndefined();
        expect(await historyProblems(knex)).toEqual([]);
        // the apply itself went through: only the outcome could not be written
        expect(
          await infra.kube.cluster.get('v1', 'ConfigMap', 'default', repo),
        ).toBeDefined();
      } finally {
        await replica.stop();
        await infra.kube.cluster.delete('v1', 'ConfigMap', 'default', repo);
      }
    },
  );

  it('leaks no Secret value into logs, history or status', () => {
    expect(leaks.findLeaks()).toEqual([]);
  });
});
