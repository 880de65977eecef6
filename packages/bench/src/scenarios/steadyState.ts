/**
 * Scenario 3: steady state. A fleet of applications (default 1,000 × 20 objects, ten per config
 * repository) is synced once, then every measured run makes every application due and runs one
 * reconcile round — ref lookup, render, live read, drift check — with nothing changed. The peer is
 * `kubectl diff --server-side` over the same files (each object carries its namespace).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createReplica } from '../engine/replica';
import { GitLogSummary, KubeLogSummary } from '../infra/protocol';
import { measure } from '../measure/resources';
import { summarize } from '../measure/stats';
import { Kubectl } from '../peers/kubectl';
import { ScenarioResult } from '../report/types';
import { formatCounts, round, ScenarioContext } from './context';
import { registerFleet } from './fleet';

export async function runSteadyState(
  ctx: ScenarioContext,
): Promise<ScenarioResult> {
  const apps = Number(ctx.params.apps ?? 1000);
  const perApp = Number(ctx.params.objectsPerApp ?? 20);
  const perRepo = Number(ctx.params.appsPerRepo ?? 10);
  const runs = ctx.params.runs;
  // the process before any engine work: Node, the TypeScript transform and the loaded modules
  const rssAtStartMb = process.memoryUsage.rss() / 2 ** 20;
  const skipPeer = Boolean(ctx.params.skipPeer);
  const infra = await ctx.infra();
  const db = await ctx.database(`steady_${apps}`);
  const kubectl = new Kubectl(infra.info);
  const problems: string[] = [];
  const localRoot = fs.mkdtempSync(
    path.join(os.tmpdir(), 'gitops-bench-fleet-'),
  );

  // setup: repositories, namespaces, applications (not measured)
  const repos = await registerFleet({
    infra,
    store: db.store,
    apps,
    perApp,
    perRepo,
    localRoot,
  });
  ctx.progress(`${apps} applications in ${repos} repositories registered`);

  // setup: a replica with more parallelism syncs the fleet once (not a target); the measured replica
  // (the plugin's defaults) then starts on the same Git cache folder, as a restarted backend would
  const cacheDir = fs.mkdtempSync(
    path.join(os.tmpdir(), 'gitops-bench-fleet-cache-'),
  );
  let reconciles = 0;
  const setupReplica = createReplica(db.store, infra.info, {
    concurrency: 16,
    cacheDir,
    onOutcome: () => void reconciles++,
  });
  await infra.kubeSummary({ clear: true });
  const initial = await measure('fleet-initial-sync', () =>
    setupReplica.worker.drain(),
  );
  const initialRequests = await infra.kubeSummary({ clear: true });
  problems.push(...setupReplica.logger.problems.slice(0, 20));
  await setupReplica.dispose();
  // gitops.worker.concurrency: the plugin's default (4) unless the run asks for another
  const concurrency = ctx.params.concurrency
    ? Number(ctx.params.concurrency)
    : undefined;
  const replica = createReplica(db.store, infra.info, {
    cacheDir,
    concurrency,
    onOutcome: () => void reconciles++,
  });
  await infra.gitSummary({ clear: true });
  const failed = await db
    .knex('gitops_applications')
    .whereNot('sync_status', 'Synced')
    .count({ count: '*' });
  if (Number(failed[0].count) > 0)
    problems.push(
      `${failed[0].count} applications not Synced after the initial sync`,
    );
  ctx.progress(
    `initial sync of ${apps * perApp} objects: ${round(
      initial.wallMs,
    )} ms, ${reconciles} reconciles, ${initialRequests.writes} writes`,
  );

  const kubectlCache = kubectl.freshCacheDir();
  await kubectl.expect(['api-resources'], { cacheDir: kubectlCache }); // warm discovery, as an operator's machine has it

  // A long-running backend is idle between rounds, and V8's memory reducer then gives back the heap
  // pages the start-up's peak left committed (a forced GC does not: it keeps them pooled for reuse).
  // Start the rounds from there, as the rounds after the first do (the peer's turn is idle time).
  const collect = () => (globalThis as { gc?: () => void }).gc?.();
  collect();
  const rssAfterSetupMb = process.memoryUsage.rss() / 2 ** 20;
  const settled = await settleRss();
  // what the engine holds (caches included), as against pages the heap keeps from the setup's peak
  const heapAfterSetupMb = process.memoryUsage().heapUsed / 2 ** 20;
  const ours = {
    wallMs: [] as number[],
    cpuMs: [] as number[],
    rssMb: [] as number[],
    serverCpuMs: [] as number[],
    requests: [] as KubeLogSummary[],
    git: [] as GitLogSummary[],
  };
  const peer = {
    wallMs: [] as number[],
    cpuMs: [] as number[],
    rssMb: [] as number[],
    serverCpuMs: [] as number[],
    requests: [] as KubeLogSummary[],
  };
  const oursRun = async (run: number) => {
    await db
      .knex('gitops_applications')
      .update({ next_reconcile_at: new Date(Date.now() - 1000) });
    const before = reconciles;
    collect();
    const cpu0 = await infra.apiServerCpu();
    const m = await measure(`steady-round-${apps}`, () =>
      replica.worker.drain(),
    );
    const cpu1 = await infra.apiServerCpu();
    if (reconciles - before !== apps)
      problems.push(
        `run ${run}: ${
          reconciles - before
        } reconciles in the round (expected ${apps})`,
      );
    ours.wallMs.push(m.wallMs);
    ours.cpuMs.push(m.cpuMs);
    ours.rssMb.push(m.peakRssMb);
    ours.serverCpuMs.push(
      cpu1.userMs + cpu1.systemMs - cpu0.userMs - cpu0.systemMs,
    );
    ours.requests.push(await infra.kubeSummary({ clear: true }));
    ours.git.push(await infra.gitSummary({ clear: true }));
    ctx.progress(
      `run ${run}: engine round ${round(m.wallMs)} ms, ${
        ours.requests[ours.requests.length - 1].total
      } API requests, ${ours.requests[ours.requests.length - 1].writes} writes`,
    );
  };
  const peerRun = async (run: number) => {
    if (skipPeer) return;
    const cpu0 = await infra.apiServerCpu();
    // exit code 0: no differences (1 would mean kubectl saw drift)
    const r = await kubectl.expect(
      ['diff', '--server-side', '-R', '-f', localRoot],
      { cacheDir: kubectlCache, codes: [0, 1] },
    );
    const cpu1 = await infra.apiServerCpu();
    if (r.code !== 0)
      problems.push(
        `run ${run}: kubectl diff reported differences: ${r.stdout.slice(
          0,
          500,
        )}`,
      );
    peer.wallMs.push(r.wallMs);
    peer.cpuMs.push(r.cpuMs ?? NaN);
    peer.rssMb.push(r.maxRssMb ?? NaN);
    peer.serverCpuMs.push(
      cpu1.userMs + cpu1.systemMs - cpu0.userMs - cpu0.systemMs,
    );
    peer.requests.push(await infra.kubeSummary({ clear: true }));
    ctx.progress(`run ${run}: kubectl diff ${round(r.wallMs)} ms`);
  };
  for (let run = 1; run <= runs; run++) {
    await infra.kubeSummary({ clear: true });
    if (run % 2) {
      await oursRun(run);
      await peerRun(run);
    } else {
      await peerRun(run);
      await oursRun(run);
    }
  }
  problems.push(...replica.logger.problems.slice(0, 20));
  await replica.dispose();
  kubectl.dispose();
  fs.rmSync(localRoot, { recursive: true, force: true });
  fs.rmSync(cacheDir, { recursive: true, force: true });

  const writes = ours.requests.map(r => r.writes);
  const perAppRequests = ours.requests.map(r => r.total / apps);
  const gitPerApp = ours.git.map(g => g.total / apps);
  const last = <T>(xs: T[]) => xs[xs.length - 1];
  const fleet = `${apps} apps × ${perApp} objects${
    concurrency ? `, worker concurrency ${concurrency}` : ''
  }`;
  return {
    id: `steady-${apps}`,
    title: `Steady state, ${fleet}`,
    rows: [
      {
        scenario: `3. Steady state, ${fleet}, one round`,
        measure: 'wall time',
        unit: 'ms',
        ours: summarize(ours.wallMs),
        peer: skipPeer
          ? undefined
          : {
              name: 'kubectl diff --server-side',
              stats: summarize(peer.wallMs),
            },
        target: { kind: 'ratio', max: 0.25 },
      },
      {
        scenario: `3. Steady state, ${fleet}, one round`,
        measure: 'write requests',
        unit: 'requests',
        ours: summarize(writes),
        target: { kind: 'absolute', max: 0, stat: 'max' },
      },
      {
        scenario: `3. Steady state, ${fleet}, one round`,
        measure: 'engine process peak RSS',
        unit: 'MB',
        ours: summarize(ours.rssMb),
        target: { kind: 'absolute', max: 500, stat: 'max' },
      },
    ],
    details: [
      {
        title: `Scenario 3 (${fleet}): cost of one round (medians; requests of the last run)`,
        header: [
          'side',
          'wall ms',
          'client CPU ms',
          'API server CPU ms',
          'client peak RSS MB',
          'API requests',
          'per app',
          'Git requests per app',
          'requests by verb',
        ],
        rows: [
          [
            'engine',
            round(summarize(ours.wallMs).median),
            round(summarize(ours.cpuMs).median),
            round(summarize(ours.serverCpuMs).median),
            round(summarize(ours.rssMb).median),
            last(ours.requests).total,
            round(summarize(perAppRequests).median, 1),
            round(summarize(gitPerApp).median, 1),
            formatCounts(last(ours.requests).byVerb),
          ],
          ...(skipPeer
            ? []
            : [
                [
                  'kubectl diff',
                  round(summarize(peer.wallMs).median),
                  round(summarize(peer.cpuMs).median),
                  round(summarize(peer.serverCpuMs).median),
                  round(summarize(peer.rssMb).median),
                  last(peer.requests).total,
                  round(last(peer.requests).total / apps, 1),
                  0,
                  formatCounts(last(peer.requests).byVerb),
                ],
              ]),
        ],
      },
      {
        title: `Scenario 3 setup: initial sync of the fleet (${
          apps * perApp
        } objects, worker concurrency 16; not a target)`,
        header: [
          'wall ms',
          'engine CPU ms',
          'RSS before (process start) MB',
          'peak RSS MB',
          'RSS after it, after a full GC',
          'JS heap in use then MB',
          'RSS once settled (before the rounds) MB',
          'idle s until settled',
          'API requests',
          'writes',
        ],
        rows: [
          [
            round(initial.wallMs),
            round(initial.cpuMs),
            round(rssAtStartMb),
            round(initial.peakRssMb),
            round(rssAfterSetupMb),
            round(heapAfterSetupMb),
            round(settled.rssMb),
            round(settled.seconds),
            initialRequests.total,
            initialRequests.writes,
          ],
        ],
      },
    ],
    notes: [
      `Git requests per application and round: ${formatCounts(
        last(ours.git)?.byKind ?? {},
      )} (total for the round).`,
    ],
    problems,
  };
}

/**
 * Waits, idle, until V8's memory reducer has returned the pages: RSS a tenth below where it started
 * and steady for 3 s (the reducer waits for a quiet 8 s window, then collects twice), at most 60 s.
 */
async function settleRss(): Promise<{ rssMb: number; seconds: number }> {
  const start = process.memoryUsage.rss();
  let previous = start;
  let steady = 0;
  let seconds = 0;
  while (seconds < 60 && !(previous < start * 0.9 && steady >= 3)) {
    await new Promise(resolve => setTimeout(resolve, 1_000));
    seconds++;
    const now = process.memoryUsage.rss();
    steady = Math.abs(now - previous) < previous * 0.01 ? steady + 1 : 0;
    previous = now;
  }
  return { rssMb: previous / 2 ** 20, seconds };
}
