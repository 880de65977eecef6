import type { ErrorCategory } from '@backstage-gitops/plugin-gitops-common';
import { TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseGitOpsStore } from '../../database/GitOpsStore';
import {
  namespacedAppSpec,
  localConfig,
  useLocalInfrastructure,
} from '../../engine/integration/harness';
import { historyProblems, resultCounts } from '../__testUtils__/historyAudit';
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

jest.setTimeout(120_000);

const GIT_TIMEOUT_MS = 400;
const configMap = (value: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings }\ndata: { value: "${value}" }\n`;

type Mode = 'down' | 'slow' | 'error500' | 'rejectAuth';
/** What the user reads on the application while the Git server misbehaves; `URL` and `HOST` are filled in. */
const EXPECTED_ERRORS: Record<Mode, [ErrorCategory, string]> = {
  down: [
    'git-unreachable',
    'Git host HOST is unreachable (repository URL): connection reset',
  ],
  slow: [
    'git-unreachable',
    `Git host HOST is unreachable (repository URL): no answer within ${GIT_TIMEOUT_MS} ms`,
  ],
  error500: ['source', 'Git server answered HTTP 500 for URL'],
  rejectAuth: [
    'unauthorized',
    'Git host HOST refused the credentials for URL (HTTP 401)',
  ],
};

describe('Git server faults: source errors with backoff, no cluster writes, unattended recovery', () => {
  const databases = TestDatabases.create();
  const infra = useLocalInfrastructure();
  const leaks = new LeakCollector();
  const namespaces: string[] = [];
  afterAll(() => deleteNamespaces(infra.kube, namespaces));

  it.each(databases.eachSupportedId())(
    'two replicas ride out a Git server that is down, slow, failing and refusing credentials, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await DatabaseGitOpsStore.create({ knex });
      const config = localConfig(infra);
      const ns = uniqueName(`gitfaults-${databaseSuffix(databaseId)}`);
      namespaces.push(ns);
      await infra.git.seedRepo(ns, {
        'app/namespace.yaml': `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${ns} }\n`,
        'app/settings.yaml': configMap('initial'),
        'app/secret.yaml': secretManifest('credentials'),
      });
      const base = namespacedAppSpec(infra.git, ns, { intervalSeconds: 3600 });
      const spec = {
        ...base,
        policy: {
          ...base.policy,
          retry: { limit: 10, initialBackoffSeconds: 1, maxBackoffSeconds: 30 },
        },
      };
      await store.replaceApplications(
        { origin: 'catalog', entityRef: spec.entityRef! },
        [{ spec }],
      );
      const logger = new RecordingLogger();
      leaks.addLogger(`${databaseId} logs`, logger);
      const replicas = ['a', 'b'].map(r =>
        createTestReplica(store, config, {
          replica: `replica-${r}`,
          gitTimeoutMs: GIT_TIMEOUT_MS,
          pollIntervalMs: 100,
          logger,
        }),
      );
      try {
        await replicas[0].worker.drain();
        expect((await store.getApplication(spec.id))?.state.syncStatus).toBe(
          'Synced',
        );

        const host = new URL(infra.git.url).host;
        for (const mode of [
          'down',
          'slow',
          'error500',
          'rejectAuth',
        ] as const) {
          const sha = await infra.git.commit(
            ns,
            { write: { 'app/settings.yaml': configMap(mode) } },
            { message: `settings: ${mode}` },
          );
          const historyBefore = await resultCounts(knex, spec.id);
          infra.git.faults.set(mode, { delayMs: GIT_TIMEOUT_MS * 4 });
          infra.kube.clearRequestLog();
          await makeDue(knex, [spec.id]);
          replicas.forEach(r => r.worker.start());

          // each failure pushes the next attempt further out: ~1 s after the first, ~2 s after the second
          const delays = new Map<number, number>();
          await eventually(
            `${mode}: a second failed attempt`,
            async () => {
              const row = await knex('gitops_applications')
                .where('id', spec.id)
                .first();
              const count = Number(row.failure_count);
              if (count > 0 && row.last_reconciled_at && !delays.has(count))
                delays.set(
                  count,
                  new Date(row.next_reconcile_at).getTime() -
                    new Date(row.last_reconciled_at).getTime(),
                );
              return count >= 2;
            },
            60_000,
            20,
          );
          const failing = await store.getApplication(spec.id);
          const [category, message] = EXPECTED_ERRORS[mode];
          expect([
            mode,
            failing?.state.syncStatus,
            failing?.state.errorCategory,
            failing?.state.error,
          ]).toEqual([
            mode,
            'Failed',
            category,
            message.replace('HOST', host).replace('URL', infra.git.repoUrl(ns)),
          ]);
          expect(delays.get(1)).toBeGreaterThanOrEqual(800);
          expect(delays.get(1)).toBeLessThanOrEqual(1200);
          expect(delays.get(2)).toBeGreaterThanOrEqual(1600);
          expect(delays.get(2)).toBeLessThanOrEqual(2400);
          expect([mode, infra.kube.writes()]).toEqual([mode, []]);
          // source errors are status, not sync attempts: history is untouched
          expect([mode, await resultCounts(knex, spec.id)]).toEqual([
            mode,
            historyBefore,
          ]);

          // the server comes back: the next attempt, due by backoff alone, applies the waiting commit
          infra.git.faults.set('none');
          const recovered = await eventually(`${mode}: recovery`, async () => {
            const record = await store.getApplication(spec.id);
            return record?.state.syncStatus === 'Synced' &&
              record.state.revision === sha
              ? record
              : undefined;
          });
          await Promise.all(replicas.map(r => r.worker.stop()));
          expect(recovered.failureCount).toBe(0);
          expect(
            infra.kube
              .writes()
              .filter(w => w.status < 300)
              .map(w => `${w.verb} ${w.resource}/${w.name}`),
          ).toEqual(['apply configmaps/settings']);
          expect(
            (await infra.kube.cluster.get('v1', 'ConfigMap', ns, 'settings'))
              ?.data,
          ).toEqual({ value: mode });
        }

        expect(await resultCounts(knex, spec.id)).toEqual({ Succeeded: 5 });
        expect(
          await historyProblems(knex, {
            startedSyncIds: logger.startedSyncIds(),
          }),
        ).toEqual([]);
        await leaks.addDatabase(`${databaseId} store`, knex);
        for (const r of replicas)
          leaks.addValue(`${databaseId} outcomes`, r.outcomes);
      } finally {
        infra.git.faults.set('none');
        await Promise.all(replicas.map(r => r.stop()));
      }
    },
  );

  it('leaks no Secret value into logs, history or status', () => {
    expect(leaks.size()).toBeGreaterThan(0);
    expect(leaks.findLeaks()).toEqual([]);
  });
});
