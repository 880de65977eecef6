/**
 * Scenarios 1 and 2: the first sync of one application, then a re-sync with nothing changed,
 * against `kubectl apply --server-side` on the same files. Each run uses fresh namespaces for both
 * sides, a fresh engine replica (empty Git cache, no discovery cache) and a fresh kubectl
 * discovery cache for the first sync; the re-sync reuses both warm caches.
 */
import { ReconcileOutcome } from '@backstage-gitops/plugin-gitops-backend/testUtils';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchAppSpec, createReplica } from '../engine/replica';
import { KubeLogSummary } from '../infra/protocol';
import { measure } from '../measure/resources';
import { summarize } from '../measure/stats';
import { Kubectl } from '../peers/kubectl';
import { ScenarioResult } from '../report/types';
import { appManifestFiles } from '../workload/manifests';
import { formatCounts, round, ScenarioContext } from './context';

interface Side {
  wallMs: number[];
  cpuMs: number[];
  rssMb: number[];
  serverCpuMs: number[];
  requests: KubeLogSummary[];
}

const side = (): Side => ({
  wallMs: [],
  cpuMs: [],
  rssMb: [],
  serverCpuMs: [],
  requests: [],
});

export async function runSyncScenario(
  ctx: ScenarioContext,
): Promise<ScenarioResult> {
  const objects = Number(ctx.params.objects ?? 500);
  const runs = ctx.params.runs;
  const infra = await ctx.infra();
  const db = await ctx.database(`sync_${objects}`);
  const kubectl = new Kubectl(infra.info);
  const problems: string[] = [];
  const repo = `sync-${objects}`;
  const files = appManifestFiles({ objects });
  await infra.seedRepo(repo, files);
  const localDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-bench-sync-'));
  for (const [name, text] of Object.entries(files))
    fs.writeFileSync(path.join(localDir, name), text);

  const first = { ours: side(), peer: side() };
  const again = { ours: side(), peer: side() };

  for (let run = 1; run <= runs; run++) {
    const nsOurs = await infra.createNamespace(`s${objects}-ours-${run}`);
    const nsPeer = await infra.createNamespace(`s${objects}-kubectl-${run}`);
    const outcomes: ReconcileOutcome[] = [];
    const replica = createReplica(db.store, infra.info, {
      onOutcome: (_app, outcome) => void outcomes.push(outcome),
    });
    const spec = benchAppSpec({
      id: `sync-${objects}-${run}`,
      repoUrl: infra.repoUrl(repo),
      path: '.',
      namespace: nsOurs,
    });
    await db.store.replaceApplications(
      { origin: 'catalog', entityRef: spec.entityRef! },
      [{ spec }],
    );
    const cacheDir = kubectl.freshCacheDir();

    const ours = async (into: Side, label: string) => {
      await infra.kubeSummary({ clear: true });
      const cpu0 = await infra.apiServerCpu();
      const m = await measure(`${label}-${objects}`, () =>
        replica.worker.drain(),
      );
      const cpu1 = await infra.apiServerCpu();
      into.wallMs.push(m.wallMs);
      into.cpuMs.push(m.cpuMs);
      into.rssMb.push(m.peakRssMb);
      into.serverCpuMs.push(
        cpu1.userMs + cpu1.systemMs - cpu0.userMs - cpu0.systemMs,
      );
      into.requests.push(await infra.kubeSummary({ clear: true }));
    };
    const peer = async (into: Side) => {
      await infra.kubeSummary({ clear: true });
      const cpu0 = await infra.apiServerCpu();
      const r = await kubectl.expect(
        ['apply', '--server-side', '-f', localDir, '-n', nsPeer],
        { cacheDir },
      );
      const cpu1 = await infra.apiServerCpu();
      into.wallMs.push(r.wallMs);
      into.cpuMs.push(r.cpuMs ?? NaN);
      into.rssMb.push(r.maxRssMb ?? NaN);
      into.serverCpuMs.push(
        cpu1.userMs + cpu1.systemMs - cpu0.userMs - cpu0.systemMs,
      );
      into.requests.push(await infra.kubeSummary({ clear: true }));
    };
    // alternate who goes first, so neither side always meets a warmer server
    const pair = async (a: () => Promise<void>, b: () => Promise<void>) =>
      run % 2 ? (await a(), await b()) : (await b(), await a());

    await pair(
      () => ours(first.ours, 'first-sync'),
      () => peer(first.peer),
    );
    const created = outcomes[0]?.sync?.counts.created;
    if (outcomes[0]?.sync?.result !== 'Succeeded' || created !== objects) {
      problems.push(
        `run ${run}: first sync ${
          outcomes[0]?.sync?.result ?? 'did not run'
        } with ${created} created (expected ${objects}): ${
          outcomes[0]?.state.error ?? ''
        }`,
      );
    }
    await db
      .knex('gitops_applications')
      .where('id', spec.id)
      .update({ next_reconcile_at: new Date(Date.now() - 1000) });
    await pair(
      () => ours(again.ours, 're-sync'),
      () => peer(again.peer),
    );
    const resync = outcomes[1];
    if (!resync || resync.sync || resync.state.syncStatus !== 'Synced')
      problems.push(
        `run ${run}: re-sync was not a no-op (${resync?.state.message})`,
      );
    const resyncWrites =
      again.ours.requests[again.ours.requests.length - 1].writes;
    if (resyncWrites !== 0)
      problems.push(
        `run ${run}: the engine wrote ${resyncWrites} times on a re-sync with nothing changed`,
      );
    problems.push(...replica.logger.problems.map(p => `run ${run}: ${p}`));
    await replica.dispose();
    ctx.progress(
      `objects=${objects} run ${run}/${runs}: first ${round(
        first.ours.wallMs[run - 1],
      )} ms vs kubectl ${round(first.peer.wallMs[run - 1])} ms; re-sync ${round(
        again.ours.wallMs[run - 1],
      )} ms vs ${round(again.peer.wallMs[run - 1])} ms`,
    );
  }
  kubectl.dispose();
  fs.rmSync(localDir, { recursive: true, force: true });

  const last = (s: Side) => s.requests[s.requests.length - 1];
  const detailRow = (label: string, s: Side) => [
    label,
    round(summarize(s.cpuMs).median),
    round(summarize(s.serverCpuMs).median),
    round(summarize(s.rssMb).median),
    last(s).total,
    last(s).writes,
    formatCounts(last(s).byVerb),
  ];
  return {
    id: `sync-${objects}`,
    title: `First sync and re-sync, ${objects} objects`,
    rows: [
      {
        scenario: `1. First sync, ${objects} objects`,
        measure: 'wall time',
        unit: 'ms',
        ours: summarize(first.ours.wallMs),
        peer: {
          name: 'kubectl apply --server-side',
          stats: summarize(first.peer.wallMs),
        },
        target: { kind: 'ratio', max: 0.5 },
      },
      {
        scenario: `2. Re-sync, nothing changed, ${objects} objects`,
        measure: 'wall time',
        unit: 'ms',
        ours: summarize(again.ours.wallMs),
        peer: {
          name: 'kubectl apply --server-side',
          stats: summarize(again.peer.wallMs),
        },
        target: { kind: 'ratio', max: 0.25 },
      },
      {
        scenario: `2. Re-sync, nothing changed, ${objects} objects`,
        measure: 'write requests',
        unit: 'requests',
        ours: summarize(again.ours.requests.map(r => r.writes)),
        peer: {
          name: 'kubectl apply --server-side',
          stats: summarize(again.peer.requests.map(r => r.writes)),
        },
        target: { kind: 'absolute', max: 0, stat: 'max' },
      },
    ],
    details: [
      {
        title: `Scenarios 1–2 at ${objects} objects: CPU, memory and API requests (medians; requests of the last run)`,
        header: [
          'step',
          'client CPU ms',
          'API server CPU ms',
          'client peak RSS MB',
          'requests',
          'writes',
          'requests by verb',
        ],
        rows: [
          detailRow('engine, first sync', first.ours),
          detailRow('kubectl, first apply', first.peer),
          detailRow('engine, re-sync', again.ours),
          detailRow('kubectl, re-apply', again.peer),
        ],
      },
    ],
    notes: [],
    problems,
  };
}
