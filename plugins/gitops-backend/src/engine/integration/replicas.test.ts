import { TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseGitOpsStore } from '../../database/GitOpsStore';
import { ReconcileFn } from '../../reconcileEngine';
import {
  appSpec,
  createReplica,
  localConfig,
  uniqueName,
  useClusterCleanup,
  useLocalInfrastructure,
} from './harness';

jest.setTimeout(180_000);

const APPS = 50;

describe('two replicas on one PostgreSQL', () => {
  const databases = TestDatabases.create();
  const infra = useLocalInfrastructure();
  const cleanup = useClusterCleanup(infra);
  const postgres = databases
    .eachSupportedId()
    .filter(([id]) => id.startsWith('POSTGRES'));

  it.each(postgres)(
    'reconcile each application exactly once per interval, share the work, and take over a dead replica, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await DatabaseGitOpsStore.create({ knex });
      const config = localConfig(infra);
      const repo = uniqueName('replicas', databaseId);
      // the applications share a namespace of their own, made for them as a platform team would
      const ns = cleanup.namespace(repo);
      await infra.kube.cluster.create({
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: ns },
      });
      const files: Record<string, string> = {};
      for (let i = 0; i < APPS; i++) {
        files[
          `apps/a${i}/cm.yaml`
        ] = `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings }\ndata: { app: "a${i}" }\n`;
      }
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
          destination: {
            cluster: 'local',
            namespace: ns,
            allowedNamespaces: [ns],
            allowClusterScoped: false,
          },
        }),
      );
      // every app writes its own ConfigMap name so the apps do not fight over one object
      for (const [i, spec] of specs.entries()) {
        await infra.git.commit(repo, {
          write: {
            [`apps/a${i}/cm.yaml`]: `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: ${repo}-a${i} }\ndata: { app: "a${i}" }\n`,
          },
        });
        void spec;
      }
      await store.replaceApplications(
        { origin: 'catalog', entityRef: specs[0].entityRef! },
        specs.map(spec => ({ spec })),
      );

      const counts = new Map<string, number>();
      const counting =
        (replica: string) =>
        (reconcile: ReconcileFn): ReconcileFn =>
        async app => {
          counts.set(
            `${replica}|${app.spec.id}`,
            (counts.get(`${replica}|${app.spec.id}`) ?? 0) + 1,
          );
          return reconcile(app);
        };
      const a = createReplica(store, config, {
        replica: 'replica-a',
        wrap: counting('a'),
      });
      const b = createReplica(store, config, {
        replica: 'replica-b',
        wrap: counting('b'),
      });
      const perApp = () =>
        specs.map(
          s => (counts.get(`a|${s.id}`) ?? 0) + (counts.get(`b|${s.id}`) ?? 0),
        );
      const byReplica = (r: string) =>
        [...counts.entries()]
          .filter(([k]) => k.startsWith(`${r}|`))
          .reduce((n, [, v]) => n + v, 0);

      // interval 1: both drain concurrently
      await Promise.all([a.worker.drain(), b.worker.drain()]);
      expect(perApp()).toEqual(specs.map(() => 1));
      expect(byReplica('a')).toBeGreaterThan(0);
      expect(byReplica('b')).toBeGreaterThan(0);
      expect(
        Number(
          (
            await knex('gitops_sync_history')
              .where('result', 'Succeeded')
              .count({ n: '*' })
          )[0].n,
        ),
      ).toBe(APPS);
      const firstSyncs = await knex('gitops_sync_history').count({ n: '*' });
      expect(Number(firstSyncs[0].n)).toBe(APPS);

      // interval 2: every app due again → exactly one more reconcile each, and no new history rows (nothing changed)
      await knex('gitops_applications').update({
        next_reconcile_at: new Date(Date.now() - 1000),
      });
      await Promise.all([a.worker.drain(), b.worker.drain()]);
      expect(perApp()).toEqual(specs.map(() => 2));
      expect(
        Number((await knex('gitops_sync_history').count({ n: '*' }))[0].n),
      ).toBe(APPS);

      // replica "dead" claims apps and never finishes nor heartbeats; after its lease, b takes over
      const hang = new Promise<never>(() => {});
      const dead = createReplica(store, config, {
        replica: 'replica-dead',
        leaseMs: 1_000,
        wrap: () => async app => {
          await store.insertSync({
            id: `00000000-0000-0000-0000-${String(
              specs.findIndex(s => s.id === app.spec.id),
            ).padStart(12, '0')}`,
            applicationId: app.spec.id,
            trigger: 'poll',
            startedAt: new Date().toISOString(),
            result: 'Running',
            counts: { created: 0, updated: 0, unchanged: 0, pruned: 0 },
          });
          return hang;
        },
      });
      await infra.git.commit(repo, {
        write: {
          'apps/a0/cm.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: ${repo}-a0 }\ndata: { app: "a0", changed: "yes" }\n`,
        },
      });
      await knex('gitops_applications').update({
        next_reconcile_at: new Date(Date.now() - 1000),
      });
      void dead.worker.drain(); // claims up to its concurrency (4) and hangs
      for (const deadline = Date.now() + 10_000; ; ) {
        const held = await knex('gitops_applications')
          .where('claimed_by', 'replica-dead')
          .count({ n: '*' });
        if (Number(held[0].n) === 4) break;
        if (Date.now() > deadline)
          throw new Error('the dead replica never claimed its applications');
        await new Promise(r => setTimeout(r, 50));
      }
      await new Promise(r => setTimeout(r, 1_200)); // its lease expires
      await b.worker.drain();

      const orphans = await knex('gitops_applications')
        .whereNotNull('claimed_by')
        .select('id');
      expect(orphans).toEqual([]);
      const interrupted = await knex('gitops_sync_history')
        .where('result', 'Interrupted')
        .count({ n: '*' });
      expect(Number(interrupted[0].n)).toBe(4);
      expect(
        Number(
          (
            await knex('gitops_sync_history')
              .where('result', 'Running')
              .count({ n: '*' })
          )[0].n,
        ),
      ).toBe(0);
      const live = await b.clusters.get('local')!.get({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: `${repo}-a0`, namespace: ns },
      });
      expect((live as any).data).toEqual({ app: 'a0', changed: 'yes' });
      const states = await knex('gitops_applications').select('sync_status');
      expect(new Set(states.map((s: any) => s.sync_status))).toEqual(
        new Set(['Synced']),
      );
      for (const replica of [a, b, dead]) replica.cleanup();
    },
  );
});
