/* eslint jest/no-standalone-expect: ['error', { additionalTestBlockFunctions: ['itCase', 'itOnPostgres', 'itFailingOnPostgres'] }] -- the suite's own test declarations */
import { ApplicationSpec } from '@backstage-gitops/plugin-gitops-common';
import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseGitOpsStore, GitOpsStore } from '../../database/GitOpsStore';
import { ApplicationRecord, InventoryItem } from '../../database/types';
import {
  namespacedAppSpec,
  localConfig,
  useLocalInfrastructure,
} from '../../engine/integration/harness';
import { preferredDatabase } from '../__testUtils__/databases';
import { historyProblems, historyRows } from '../__testUtils__/historyAudit';
import {
  LeakCollector,
  SUITE_SECRETS,
  secretManifest,
} from '../__testUtils__/leakScan';
import {
  databaseSuffix,
  deleteNamespaces,
  uniqueName,
} from '../__testUtils__/names';
import { RecordingLogger } from '../__testUtils__/recordingLogger';
import {
  createTestReplica,
  makeDue,
  TestReplica,
} from '../__testUtils__/replicas';
import {
  CorpusCase,
  expectedText,
  fill,
  itCase,
  loadCorpus,
  writeGenerated,
} from '../__testUtils__/loadCorpus';

jest.setTimeout(120_000);

const CASES = loadCorpus('manifests');
const CANARY = 'r3silience-outside-canary-5e1d';

/** The case's commit: the baseline plus the case's files, links and generated files, as one full tree. */
function writeCaseTree(
  c: CorpusCase,
  baseline: Record<string, string>,
  values: Record<string, string>,
): string {
  const tree = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-corpus-'));
  for (const [file, content] of Object.entries({ ...baseline, ...c.files })) {
    fs.mkdirSync(path.dirname(path.join(tree, file)), { recursive: true });
    fs.writeFileSync(path.join(tree, file), content);
  }
  for (const [link, target] of Object.entries(c.options.symlinks ?? {})) {
    fs.mkdirSync(path.dirname(path.join(tree, link)), { recursive: true });
    fs.symlinkSync(fill(target, values), path.join(tree, link));
  }
  writeGenerated(tree, c.options.generate);
  return tree;
}

describe('bad manifests: a clear error, nothing applied, state and history intact', () => {
  const databases = TestDatabases.create();
  const infra = useLocalInfrastructure();
  const leaks = new LeakCollector();
  let outside: string;

  beforeAll(() => {
    // a folder outside every checkout, holding what a symlink might try to smuggle into the cluster
    outside = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-outside-'));
    fs.writeFileSync(
      path.join(outside, 'secret.yaml'),
      `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: stolen }\ndata: { canary: ${CANARY} }\n`,
    );
  });
  afterAll(() => fs.rmSync(outside, { recursive: true, force: true }));

  it('has at least 40 committed cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });

  // the input is what is under test here, not the database: one run, on PostgreSQL when there is one
  describe.each([preferredDatabase(databases)])(
    'on %s',
    (databaseId: TestDatabaseId) => {
      // this run's own namespace: the cluster is shared with every other suite
      const ns = uniqueName(`corpus-${databaseSuffix(databaseId)}`);
      const baseline = {
        'app/namespace.yaml': `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${ns} }\n`,
        'app/good.yaml':
          'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: good }\ndata: { key: value }\n',
        'app/secret.yaml': secretManifest('credentials'),
      };
      const logger = new RecordingLogger();
      const ctx = {} as {
        knex: Knex;
        store: GitOpsStore;
        spec: ApplicationSpec;
        replica: TestReplica;
        before: ApplicationRecord;
        inventory: InventoryItem[];
        versions: unknown[];
        values: Record<string, string>;
      };
      const liveVersions = async () =>
        (
          await Promise.all([
            infra.kube.cluster.get('v1', 'ConfigMap', ns, 'good'),
            infra.kube.cluster.get('v1', 'Secret', ns, 'credentials'),
          ])
        ).map(o => o?.metadata.resourceVersion);

      beforeAll(async () => {
        ctx.knex = await databases.init(databaseId);
        ctx.store = await DatabaseGitOpsStore.create({ knex: ctx.knex });
        await infra.git.seedRepo(ns, baseline);
        ctx.spec = namespacedAppSpec(infra.git, ns);
        await ctx.store.replaceApplications(
          { origin: 'catalog', entityRef: ctx.spec.entityRef! },
          [{ spec: ctx.spec }],
        );
        leaks.addLogger(`${databaseId} logs`, logger);
        ctx.replica = createTestReplica(ctx.store, localConfig(infra), {
          replica: 'replica-a',
          logger,
        });
        await ctx.replica.worker.drain();
        ctx.before = (await ctx.store.getApplication(ctx.spec.id))!;
        ctx.inventory = await ctx.store.getInventory(ctx.spec.id);
        ctx.versions = await liveVersions();
        ctx.values = { namespace: ns, outside, repoUrl: infra.git.repoUrl(ns) };
      });
      afterAll(async () => {
        await ctx.replica?.stop();
        await deleteNamespaces(infra.kube, [ns]);
      });

      it('starts from a synced baseline', () => {
        expect(ctx.before.state.syncStatus).toBe('Synced');
        expect(ctx.inventory).toHaveLength(3);
      });

      for (const c of CASES) {
        itCase(c, async () => {
          const { knex, store, spec, replica } = ctx;
          const tree = writeCaseTree(c, baseline, ctx.values);
          try {
            await infra.git.seedRepo(
              ns,
              { fromDir: tree },
              { message: `bad: ${c.name}` },
            );
          } finally {
            fs.rmSync(tree, { recursive: true, force: true });
          }
          const rowsBefore = await historyRows(knex, spec.id);
          infra.kube.clearRequestLog();
          await makeDue(knex, [spec.id]);
          await replica.worker.drain();

          const record = await store.getApplication(spec.id);
          leaks.addValue(`${databaseId} ${c.name}`, record?.state);
          expect(record?.state.syncStatus).toBe('Failed');
          // the exact message the user reads on the entity
          expect(record?.state.error).toEqual(expectedText(c, ctx.values));
          // nothing applied: not one write request, live objects, inventory and deployed revision as they were
          expect(infra.kube.writes()).toEqual([]);
          expect(await liveVersions()).toEqual(ctx.versions);
          expect(await store.getInventory(spec.id)).toEqual(ctx.inventory);
          expect(record?.state.revision).toBe(ctx.before.state.revision);
          // history: every earlier row untouched, one Failed row with the same message added
          const rows = await historyRows(knex, spec.id);
          expect(rows.slice(0, rowsBefore.length)).toEqual(rowsBefore);
          expect(
            rows.slice(rowsBefore.length).map(r => [r.result, r.error]),
          ).toEqual([['Failed', record?.state.error]]);
        });
      }

      it('returns to the baseline without a write, with a consistent history and nothing from outside the repository', async () => {
        const { knex, store, spec, replica } = ctx;
        await infra.git.seedRepo(ns, baseline, { message: 'restore' });
        infra.kube.clearRequestLog();
        await makeDue(knex, [spec.id]);
        await replica.worker.drain();
        expect((await store.getApplication(spec.id))?.state.syncStatus).toBe(
          'Synced',
        );
        expect(infra.kube.writes()).toEqual([]);
        expect(
          await historyProblems(knex, {
            startedSyncIds: logger.startedSyncIds(),
          }),
        ).toEqual([]);
        // (the application's own namespace: every other one belongs to other suites, and not one
        // write reached the cluster in any case above)
        const configMaps = await infra.kube.cluster.list('v1', 'ConfigMap', ns);
        expect(configMaps.map(o => o.metadata.name).sort()).toEqual([
          'good',
          'kube-root-ca.crt',
        ]);
        expect(
          configMaps.filter(o => JSON.stringify(o).includes(CANARY)),
        ).toEqual([]);
        await leaks.addDatabase(`${databaseId} store`, knex);
      });
    },
  );

  it('leaks no Secret value or outside file content into logs, history or status', () => {
    expect(leaks.size()).toBeGreaterThan(0);
    expect(leaks.findLeaks([...SUITE_SECRETS, CANARY])).toEqual([]);
  });
});
