/**
 * Scenario 5: commit → applied by polling alone. The application's interval is short (5 s) and the
 * worker polls at the plugin's default (every 5 s); commits land at random moments and nothing
 * tells the engine about them.
 */
import { preciseNow } from '../measure/clock';
import { summarize } from '../measure/stats';
import { ScenarioResult } from '../report/types';
import { round, ScenarioContext } from './context';
import { createLatencyFixture, sleep } from './latencyFixture';

export async function runPollLatency(
  ctx: ScenarioContext,
): Promise<ScenarioResult> {
  const samples = Number(ctx.params.samples ?? 8);
  const intervalSeconds = Number(ctx.params.intervalSeconds ?? 5);
  const fixture = await createLatencyFixture(ctx, {
    label: 'poll',
    intervalSeconds,
    pollIntervalMs: 5_000,
  });
  fixture.replica.worker.start();
  const latencies: number[] = [];
  const problems: string[] = [];
  for (let i = 1; i <= samples; i++) {
    // a commit at a random point of the interval
    await sleep(Math.random() * intervalSeconds * 1000);
    const value = `poll-${i}`;
    await fixture.commitMarker(value);
    const t0 = preciseNow();
    try {
      latencies.push(
        (await fixture.appliedAt(value, (intervalSeconds + 30) * 1000)) - t0,
      );
    } catch (error) {
      problems.push(`sample ${i}: ${error}`);
    }
  }
  await sleep(200);
  const syncs = fixture.outcomes
    .filter(o => o.outcome.sync)
    .map(o => o.outcome.sync!);
  const notPoll = syncs.filter(s => s.trigger !== 'poll');
  if (notPoll.length > 1)
    problems.push(`${notPoll.length} syncs were not triggered by polling`);
  problems.push(...fixture.replica.logger.problems);
  await fixture.dispose();
  const stats = summarize(latencies);
  ctx.progress(
    `poll: median ${round(stats.median)} ms, max ${round(stats.max)} ms over ${
      stats.n
    } samples`,
  );
  return {
    id: 'poll',
    title: 'Commit → applied by polling',
    rows: [
      {
        scenario: `5. Commit → applied, polling every ${intervalSeconds} s (${stats.n} samples)`,
        measure: 'latency (max ≤ interval + 1 s)',
        unit: 'ms',
        ours: stats,
        target: {
          kind: 'absolute',
          max: intervalSeconds * 1000 + 1000,
          stat: 'max',
        },
      },
    ],
    details: [],
    notes: [
      `Polling: application interval ${intervalSeconds} s, worker poll interval 5 s (the plugin's default \`gitops.worker.pollIntervalSeconds\`); the clock starts when the Git server has the commit and stops when the API server holds the changed object. The first sync (the initial one) is not a sample.`,
    ],
    problems,
  };
}
