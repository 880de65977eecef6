import { TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { requireKubectl } from '@internal/local-infra';
import { ChildProcess, fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseGitOpsStore } from '../../database/GitOpsStore';
import { readClusters } from '../../engine/cluster/clusters';
import { KUBECTL } from '../../engine/integration/harness';
import { GitRepositoryCache } from '../../engine/source/gitRepositoryCache';
import { DefaultGitOpsService } from '../../service/DefaultGitOpsService';
import { postgresIds } from '../__testUtils__/databases';
import { historyProblems, historyRows } from '../__testUtils__/historyAudit';
import { LeakCollector } from '../__testUtils__/leakScan';
import { driveLoad } from './__testUtils__/loadDriver';
import { memoryTrend, MemorySample, percentile, perMinute } from './metrics';
import type { ReplicaMessage, ReplicaProcessOptions } from './replicaProcess';
import { soakOptions, startSoakWorld } from './__testUtils__/soakWorld';

const options = soakOptions();
const SETTLE_MS = (options.intervalSeconds * 2 + 30) * 1000;
const INITIAL_SYNC_LIMIT_MS = 20 * 60_000;
jest.setTimeout(
  options.minutes * 60_000 + SETTLE_MS + INITIAL_SYNC_LIMIT_MS + 120_000,
);

const progress = (line: string) => process.stderr.write(`[soak] ${line}\n`);
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

interface Replica {
  name: string;
  child: ChildProcess;
  memory: MemorySample[];
  started: string[];
  exited: Promise<number | null>;
}

/** A replica process (see replicaProcess.ts), with its reports collected as they arrive. */
function startReplica(
  name: string,
  connection: object,
  config: object,
  epoch: { at: number },
): Replica {
  const replicaOptions: ReplicaProcessOptions = {
    replica: name,
    connection: connection as ReplicaProcessOptions['connection'],
    config: config as ReplicaProcessOptions['config'],
    kubectlPath: KUBECTL,
    concurrency: options.concurrency,
    leaseMs: 60_000,
    pollIntervalMs: 1_000,
  };
  const child = fork(path.join(__dirname, 'replicaProcess.ts'), [], {
    cwd: path.resolve(__dirname, '../../..'),
    execArgv: [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
    ],
    env: {
      ...process.env,
      GITOPS_SOAK_REPLICA: JSON.stringify(replicaOptions),
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const replica: Replica = {
    name,
    child,
    memory: [],
    started: [],
    exited: new Promise(r => child.once('exit', code => r(code))),
  };
  child.on('message', (message: ReplicaMessage) => {
    if (message.type === 'memory')
      replica.memory.push({
        atMs: Date.now() - epoch.at,
        rssBytes: message.rssBytes,
      });
    if (message.type === 'started') replica.started.push(...message.ids);
  });
  return replica;
}

const soak = process.env.GITOPS_SOAK === '1' ? describe : describe.skip;

soak(
  `load soak: ${options.apps} applications, ${options.clusters} clusters, ${options.replicas} replicas, ${options.minutes} min`,
  () => {
    const databases = TestDatabases.create();

    it('keeps up with a commit a second and steady drift, with no history row lost or duplicated and flat memory', async () => {
      // the replicas render with kubectl: a missing one fails here, loudly, not in every sync
      requireKubectl();
      const [databaseId] = postgresIds(databases);
      if (!databaseId)
        throw new Error(
          'The soak runs on PostgreSQL: set BACKSTAGE_TEST_DATABASE_POSTGRES<version>_CONNECTION_STRING (yarn test:soak does)',
        );
      const knex = await databases.init(databaseId);
      const store = await DatabaseGitOpsStore.create({ knex });
      const conditions = {
        cpus: os.cpus().length,
        loadAverageAtStart: os.loadavg().map(l => Number(l.toFixed(2))),
        node: process.version,
      };
      progress(
        `setting up ${options.apps} applications (${JSON.stringify(
          conditions,
        )})`,
      );
      const world = await startSoakWorld(options, store);
      const epoch = { at: Date.now() };
      const replicas = Array.from({ length: options.replicas }, (_, i) =>
        startReplica(
          `soak-replica-${i}`,
          knex.client.config.connection,
          world.config,
          epoch,
        ),
      );
      const integrations = ScmIntegrations.fromConfig(
        new ConfigReader(world.config),
      );
      const service = new DefaultGitOpsService({
        store,
        integrations,
        source: new GitRepositoryCache({
          cacheDir: fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-soak-api-')),
          integrations,
        }),
        wake: () => {},
      });
      const synced = async () =>
        Number(
          (
            await knex('gitops_applications')
              .where('sync_status', 'Synced')
              .count({ n: '*' })
          )[0].n,
        );
      try {
        // initial sync of everything: part of the warm-up, reported on its own
        const initialStart = Date.now();
        for (let n = await synced(); n < options.apps; n = await synced()) {
          if (Date.now() - initialStart > INITIAL_SYNC_LIMIT_MS)
            throw new Error(`initial sync incomplete: ${n}/${options.apps}`);
          progress(`initial sync ${n}/${options.apps}`);
          await sleep(5_000);
        }
        const initialSyncMs = Date.now() - initialStart;

        epoch.at = Date.now();
        for (const r of replicas) r.memory.length = 0;
        const clients = [
          ...readClusters(new ConfigReader(world.config)).values(),
        ].map(c => c.client);
        const load = await driveLoad(world, service, {
          durationMs: options.minutes * 60_000,
          commitEveryMs: options.commitEveryMs,
          driftEveryMs: options.driftEveryMs,
          settleMs: SETTLE_MS,
          clients,
          onSecond: elapsed => {
            if (Math.floor(elapsed / 1000) % 30 === 0)
              progress(
                `${Math.round(elapsed / 1000)} s: ${replicas
                  .map(
                    r =>
                      `${r.name} ${Math.round(
                        (r.memory[r.memory.length - 1]?.rssBytes ?? 0) /
                          2 ** 20,
                      )} MiB`,
                  )
                  .join(', ')}`,
              );
            // the servers keep every request; the soak does not need them, so memory stays about the backend
            if (Math.floor(elapsed / 1000) % 10 === 0)
              world.kubes.forEach(k => k.clearRequestLog());
          },
        });
        const loadMs = Date.now() - epoch.at;

        // every application ends on its repository's head, with Git's values live
        const heads = new Map<string, string>();
        for (const app of world.apps)
          if (!heads.has(app.repo))
            heads.set(app.repo, await world.git.headSha(app.repo));
        const behind: string[] = [];
        for (const app of world.apps) {
          const record = await store.getApplication(app.spec.id);
          const live = await world.liveData(app);
          if (
            record?.state.revision !== heads.get(app.repo) ||
            live?.rev !== String(app.rev) ||
            live?.value !== 'git'
          )
            behind.push(`app-${app.index}`);
        }

        for (const r of replicas) r.child.send({ type: 'stop' });
        await Promise.all(replicas.map(r => r.exited));

        const loadRows = (await historyRows(knex)).filter(
          r => new Date(r.started_at as string).getTime() >= epoch.at,
        );
        const byTrigger: Record<string, number> = {};
        for (const row of loadRows)
          byTrigger[`${row.trigger} ${row.result}`] =
            (byTrigger[`${row.trigger} ${row.result}`] ?? 0) + 1;
        const problems = await historyProblems(knex, {
          startedSyncIds: replicas.flatMap(r => r.started),
        });
        const leaks = new LeakCollector();
        await leaks.addDatabase('store', knex);
        const warmUpMs = options.warmUpMinutes * 60_000;
        const figures = {
          options,
          conditions: {
            ...conditions,
            loadAverageAtEnd: os.loadavg().map(l => Number(l.toFixed(2))),
          },
          initialSyncSeconds: Math.round(initialSyncMs / 1000),
          loadSeconds: Math.round(loadMs / 1000),
          commits: load.commits,
          handEdits: load.drifts,
          syncsPerMinute: Number(perMinute(loadRows.length, loadMs).toFixed(1)),
          historyRowsByTriggerAndResult: byTrigger,
          commitToAppliedMs: {
            p50: percentile(load.commitToApplied, 50),
            p95: percentile(load.commitToApplied, 95),
            max: percentile(load.commitToApplied, 100),
            samples: load.commitToApplied.length,
          },
          driftToCorrectedMs: {
            p50: percentile(load.driftToCorrected, 50),
            p95: percentile(load.driftToCorrected, 95),
            max: percentile(load.driftToCorrected, 100),
            samples: load.driftToCorrected.length,
          },
          rss: Object.fromEntries(
            replicas.map(r => [r.name, memoryTrend(r.memory, warmUpMs)]),
          ),
          rssSamplesMiB: Object.fromEntries(
            replicas.map(r => [
              r.name,
              r.memory
                .filter((_, i) => i % 6 === 0)
                .map(s => [
                  Math.round(s.atMs / 1000),
                  Math.round(s.rssBytes / 2 ** 20),
                ]),
            ]),
          ),
          unfinished: load.unfinished,
          behind,
          historyProblems: problems,
          secretLeaks: leaks.findLeaks().length,
        };
        const report = path.join(
          os.tmpdir(),
          `gitops-soak-${new Date().toISOString().replace(/[:.]/g, '-')}.json`,
        );
        fs.writeFileSync(report, `${JSON.stringify(figures, null, 2)}\n`);
        progress(
          `figures written to ${report}\n${JSON.stringify(figures, null, 2)}`,
        );

        expect(load.unfinished).toEqual([]);
        expect(behind).toEqual([]);
        expect(problems).toEqual([]);
        expect(figures.secretLeaks).toBe(0);
        expect(load.commitToApplied.length).toBeGreaterThan(0);
        expect(load.driftToCorrected.length).toBeGreaterThan(0);
        // no growth after warm-up: the last minute within a quarter (and 64 MiB) of the first minute after it
        // (judged only when the run is long enough to have both)
        const grown = Object.entries(figures.rss).filter(
          ([, t]) =>
            options.minutes >= 5 &&
            t &&
            t.lastMinuteMiB >=
              Math.max(t.afterWarmUpMiB * 1.25, t.afterWarmUpMiB + 64),
        );
        expect(grown).toEqual([]);
      } finally {
        for (const r of replicas)
          if (r.child.exitCode === null) r.child.kill('SIGTERM');
        await Promise.all(replicas.map(r => r.exited));
        await world.stop();
      }
    });
  },
);
