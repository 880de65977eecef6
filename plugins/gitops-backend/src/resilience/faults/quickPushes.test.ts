import { TestDatabases } from '@backstage/backend-test-utils';
import { ScmIntegrations } from '@backstage/integration';
import { useLocalInfrastructure } from '../../engine/integration/harness';
import { historyProblems, historyRows } from '../__testUtils__/historyAudit';
import { deleteNamespaces } from '../__testUtils__/names';
import { RecordingLogger } from '../__testUtils__/recordingLogger';
import { createTestReplica, eventually } from '../__testUtils__/replicas';
import {
  createRouterApp,
  deliverPush,
  pushBody,
} from '../__testUtils__/routerApp';
import { setUpSingleApplication } from '../__testUtils__/singleApplication';

jest.setTimeout(60_000);

const configMap = (value: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings }\ndata: { value: "${value}" }\n`;

describe('two pushes in quick succession', () => {
  const databases = TestDatabases.create();
  const infra = useLocalInfrastructure();
  const namespaces: string[] = [];
  afterAll(() => deleteNamespaces(infra.kube, namespaces));

  it.each(databases.eachSupportedId())(
    'end with the newer commit applied, whether the second lands before or during the first sync, %p',
    async databaseId => {
      // reconciled hourly: only the webhooks can bring the new commits in
      const { knex, store, config, ns, spec } = await setUpSingleApplication({
        databases,
        databaseId,
        infra,
        prefix: 'pushes',
        files: { 'settings.yaml': configMap('seed') },
      });
      namespaces.push(ns);

      // the first sync's apply can be held, to land the second push while it runs
      let hold: Promise<void> | undefined;
      const logger = new RecordingLogger();
      const replica = createTestReplica(store, config, {
        replica: 'replica-a',
        pollIntervalMs: 100,
        logger,
        onCluster: cluster => {
          const apply = cluster.apply.bind(cluster);
          cluster.apply = async (obj, options) => {
            if (!options?.dryRun && hold) await hold;
            return apply(obj, options);
          };
        },
      });
      const { app } = await createRouterApp({
        store,
        integrations: ScmIntegrations.fromConfig(config),
        source: replica.source,
        wake: () => replica.worker.wake(),
      });
      try {
        await replica.worker.drain();
        replica.worker.start();
        const live = async () =>
          (await infra.kube.cluster.get('v1', 'ConfigMap', ns, 'settings'))
            ?.data?.value;

        // 1. both pushes arrive before anything is reconciled
        await infra.git.commit(ns, {
          write: { 'app/settings.yaml': configMap('a') },
        });
        const first = deliverPush(app, pushBody(infra.git.repoUrl(ns)));
        const b = await infra.git.commit(ns, {
          write: { 'app/settings.yaml': configMap('b') },
        });
        const second = deliverPush(app, pushBody(infra.git.repoUrl(ns)));
        expect((await first).status).toBe(202);
        expect((await second).status).toBe(202);
        await eventually(
          'commit b applied',
          async () =>
            (await store.getApplication(spec.id))?.state.revision === b,
        );
        expect(await live()).toBe('b');

        // 2. the second push lands while the first push's sync is applying
        let release!: () => void;
        hold = new Promise(r => (release = r));
        const c = await infra.git.commit(ns, {
          write: { 'app/settings.yaml': configMap('c') },
        });
        expect(
          (await deliverPush(app, pushBody(infra.git.repoUrl(ns)))).body,
        ).toEqual({ triggered: [spec.id] });
        await eventually('the sync of c to be applying', async () =>
          (
            await historyRows(knex, spec.id)
          ).find(r => r.revision === c && r.result === 'Running'),
        );
        const d = await infra.git.commit(ns, {
          write: { 'app/settings.yaml': configMap('d') },
        });
        expect(
          (await deliverPush(app, pushBody(infra.git.repoUrl(ns)))).body,
        ).toEqual({ triggered: [spec.id] });
        hold = undefined;
        release();
        await eventually(
          'commit d applied',
          async () =>
            (await store.getApplication(spec.id))?.state.revision === d,
        );
        await replica.worker.stop();
        expect(await live()).toBe('d');

        // history follows commit order and ends with the newest commit
        const rows = await historyRows(knex, spec.id);
        const order = [b, c, d];
        const revisions = rows
          .map(r => r.revision)
          .filter((r): r is string => order.includes(r ?? ''));
        expect(revisions).toEqual(
          [...revisions].sort((x, y) => order.indexOf(x) - order.indexOf(y)),
        );
        expect(rows[rows.length - 1]).toMatchObject({
          revision: d,
          result: 'Succeeded',
          trigger: 'webhook',
        });
        expect(
          await historyProblems(knex, {
            startedSyncIds: logger.startedSyncIds(),
          }),
        ).toEqual([]);
      } finally {
        await replica.stop();
      }
    },
  );
});
