/* eslint jest/no-standalone-expect: ['error', { additionalTestBlockFunctions: ['itCase', 'itOnPostgres', 'itFailingOnPostgres'] }] -- the suite's own test declarations */
import { TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseGitOpsStore } from '../../database/GitOpsStore';
import {
  namespacedAppSpec,
  localConfig,
  useLocalInfrastructure,
} from '../../engine/integration/harness';
import {
  clusterVersusGit,
  desiredObjects,
} from '../__testUtils__/clusterState';
import { itOnPostgres } from '../__testUtils__/databases';
import { historyProblems, historyRows } from '../__testUtils__/historyAudit';
import { LeakCollector, secretManifest } from '../__testUtils__/leakScan';
import {
  databaseSuffix,
  deleteNamespaces,
  uniqueName,
} from '../__testUtils__/names';
import { RecordingLogger } from '../__testUtils__/recordingLogger';
import {
  createTestReplica,
  eventually,
  makeDue,
} from '../__testUtils__/replicas';

jest.setTimeout(60_000);

const configMap = (name: string, value: string, wave: number) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  annotations: { gitops.backstage.io/sync-wave: "${wave}" }\ndata: { value: "${value}" }\n`;
const KINDS = [
  { apiVersion: 'v1', kind: 'ConfigMap' },
  { apiVersion: 'v1', kind: 'Secret' },
];

describe('a replica killed in the middle of a sync', () => {
  const databases = TestDatabases.create();
  const infra = useLocalInfrastructure();
  const leaks = new LeakCollector();
  const namespaces: string[] = [];
  afterAll(() => deleteNamespaces(infra.kube, namespaces));

  itOnPostgres(
    databases,
    'is taken over: its sync is recorded Interrupted and the next replica brings the cluster to Git',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await DatabaseGitOpsStore.create({ knex });
      const config = localConfig(infra);
      const ns = uniqueName(`killed-${databaseSuffix(databaseId)}`);
      namespaces.push(ns);
      await infra.git.seedRepo(ns, {
        'app/namespace.yaml': `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${ns} }\n`,
        'app/first.yaml': configMap('first', 'one', 0),
        'app/second.yaml': configMap('second', 'one', 1),
        'app/secret.yaml': secretManifest('credentials'),
      });
      const spec = namespacedAppSpec(infra.git, ns);
      await store.replaceApplications(
        { origin: 'catalog', entityRef: spec.entityRef! },
        [{ spec }],
      );

      // the doomed replica applies wave 0, then its process "dies" while applying wave 1: no answer, no heartbeat
      let resume!: () => void;
      const frozen = new Promise<void>(r => (resume = r));
      const deadLogs = new RecordingLogger();
      const dead = createTestReplica(store, config, {
        replica: 'replica-dead',
        leaseMs: 1_000,
        logger: deadLogs,
        onCluster: cluster => {
          const apply = cluster.apply.bind(cluster);
          cluster.apply = async (obj, options) => {
            if (!options?.dryRun && obj.metadata.name === 'second')
              await frozen;
            return apply(obj, options);
          };
        },
      });
      const deadRun = dead.worker.drain();
      await eventually('the doomed sync to start', async () =>
        (await historyRows(knex, spec.id)).find(r => r.result === 'Running'),
      );
      await eventually('wave 0 applied', async () =>
        infra.kube.cluster.get('v1', 'ConfigMap', ns, 'first'),
      );
      expect(
        await infra.kube.cluster.get('v1', 'ConfigMap', ns, 'second'),
      ).toBeUndefined();

      // the survivor finds the lease expired, marks the dead replica's sync Interrupted and syncs
      await new Promise(r => setTimeout(r, 1_200));
      const liveLogs = new RecordingLogger();
      const survivor = createTestReplica(store, config, {
        replica: 'replica-b',
        logger: liveLogs,
      });
      await survivor.worker.drain();

      const rows = await historyRows(knex, spec.id);
      expect(rows.map(r => [r.replica, r.result, r.error])).toEqual([
        [
          'replica-dead',
          'Interrupted',
          'The replica running this sync stopped before it finished',
        ],
        ['replica-b', 'Succeeded', null],
      ]);
      const record = await store.getApplication(spec.id);
      expect(record).toMatchObject({
        claimedBy: undefined,
        state: { syncStatus: 'Synced', revision: await infra.git.headSha(ns) },
      });
      expect(liveLogs.lines.map(l => l.message)).toContain(
        `Marked 1 unfinished sync(s) of ${spec.id} Interrupted`,
      );
      const desired = await desiredObjects(
        survivor.source,
        survivor.clusters.get('local')!,
        spec,
      );
      expect(
        await clusterVersusGit(infra.kube, store, spec, desired, KINDS),
      ).toEqual([]);
      expect(
        await historyProblems(knex, {
          startedSyncIds: [
            ...deadLogs.startedSyncIds(),
            ...liveLogs.startedSyncIds(),
          ],
        }),
      ).toEqual([]);

      // the "dead" process wakes up later: its late finish and release change nothing that was recorded
      resume();
      await deadRun;
      expect(
        (await historyRows(knex, spec.id)).map(r => [r.replica, r.result]),
      ).toEqual([
        ['replica-dead', 'Interrupted'],
        ['replica-b', 'Succeeded'],
      ]);
      expect(await store.getApplication(spec.id)).toMatchObject({
        claimedBy: undefined,
        lastSyncId: rows[1].id,
        state: { syncStatus: 'Synced' },
      });

      leaks.addLogger('dead replica', deadLogs);
      leaks.addLogger('survivor', liveLogs);
      await leaks.addDatabase('store', knex);
      await Promise.all([dead.stop(), survivor.stop()]);
    },
  );

  itOnPostgres(
    databases,
    'a replica that wakes up after being taken over cannot overwrite the newer inventory',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await DatabaseGitOpsStore.create({ knex });
      const config = localConfig(infra);
      const ns = uniqueName(`zombie-${databaseSuffix(databaseId)}`);
      namespaces.push(ns);
      await infra.git.seedRepo(ns, {
        'app/namespace.yaml': `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${ns} }\n`,
        'app/first.yaml': configMap('first', 'one', 0),
        'app/second.yaml': configMap('second', 'one', 1),
      });
      const spec = namespacedAppSpec(infra.git, ns);
      await store.replaceApplications(
        { origin: 'catalog', entityRef: spec.entityRef! },
        [{ spec }],
      );
      let resume!: () => void;
      const frozen = new Promise<void>(r => (resume = r));
      const dead = createTestReplica(store, config, {
        replica: 'replica-dead',
        leaseMs: 1_000,
        onCluster: cluster => {
          const apply = cluster.apply.bind(cluster);
          cluster.apply = async (obj, options) => {
            if (!options?.dryRun && obj.metadata.name === 'second')
              await frozen;
            return apply(obj, options);
          };
        },
      });
      const deadRun = dead.worker.drain();
      const survivor = createTestReplica(store, config, {
        replica: 'replica-b',
      });
      try {
        await eventually('the doomed sync to start', async () =>
          (await historyRows(knex, spec.id)).find(r => r.result === 'Running'),
        );

        // while it is frozen, Git moves on and the survivor applies the newer commit (adds `third`)
        await infra.git.commit(ns, {
          write: { 'app/third.yaml': configMap('third', 'one', 0) },
        });
        await new Promise(r => setTimeout(r, 1_200));
        await survivor.worker.drain();
        expect(
          (await store.getInventory(spec.id)).map(i => i.name).sort(),
        ).toEqual(['first', ns, 'second', 'third'].sort());

        resume();
        await deadRun;
        // what the newest successful sync applied is still what the store remembers
        expect(
          (await store.getInventory(spec.id)).map(i => i.name).sort(),
        ).toEqual(['first', ns, 'second', 'third'].sort());

        // so when `third` leaves Git, the next sync prunes it
        await infra.git.commit(ns, { remove: ['app/third.yaml'] });
        await makeDue(knex, [spec.id]);
        await survivor.worker.drain();
        expect(
          await infra.kube.cluster.get('v1', 'ConfigMap', ns, 'third'),
        ).toBeUndefined();
      } finally {
        resume();
        await deadRun;
        dead.discard();
        await survivor.stop();
      }
    },
  );

  it('leaks no Secret value into logs, history or status', () => {
    expect(leaks.findLeaks()).toEqual([]);
  });
});
