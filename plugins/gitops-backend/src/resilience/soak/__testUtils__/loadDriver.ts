import { KubeClient } from '../../../engine/cluster/kubeClient';
import { GitOpsService } from '../../../service/GitOpsService';
import { appConfigMap, SoakApp, SoakWorld } from './soakWorld';

export interface LoadResult {
  /** Milliseconds from `git push` (commit + webhook) to the new `rev` being live. */
  commitToApplied: number[];
  /** Milliseconds from a hand edit to the value being back to what Git says. */
  driftToCorrected: number[];
  commits: number;
  drifts: number;
  /** Changes still not live when the settle time ran out. */
  unfinished: string[];
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/**
 * Drives the soak's load for `durationMs`: a commit to a random application every `commitEveryMs`
 * (announced by a push webhook, as a Git host would), a hand edit of a random live object every
 * `driftEveryMs`, and a watch on both until they are live/corrected. Stops by itself: no new change
 * after the duration, then at most `settleMs` to let the last ones land.
 */
export async function driveLoad(
  world: SoakWorld,
  service: GitOpsService,
  options: {
    durationMs: number;
    commitEveryMs: number;
    driftEveryMs: number;
    settleMs: number;
    /** One API client per cluster, for the hand edits. */
    clients: KubeClient[];
    onSecond?: (elapsedMs: number) => void;
  },
): Promise<LoadResult> {
  const result: LoadResult = {
    commitToApplied: [],
    driftToCorrected: [],
    commits: 0,
    drifts: 0,
    unfinished: [],
  };
  const commits = new Map<SoakApp, { rev: number; at: number }>();
  const drifts = new Map<SoakApp, { at: number }>();
  const random = () =>
    world.apps[Math.floor(Math.random() * world.apps.length)];
  const live = world.liveData;
  const start = Date.now();
  let nextCommit = start;
  let nextDrift = start + options.driftEveryMs / 2;
  let lastSecond = 0;

  /**
   * Reads the objects with a change in flight (directly, one request each) and records what
   * landed. These are real requests to the shared cluster, so their number is bounded: commits
   * (a few in flight, applied within seconds) are read every tick; hand edits (tens in flight, each
   * corrected on its application's next poll, tens of seconds away) once a second, so their
   * latencies are measured to the second.
   */
  const check = async (withDrifts: boolean) => {
    const watched = [
      ...new Set([...commits.keys(), ...(withDrifts ? drifts.keys() : [])]),
    ];
    const data = new Map(
      await Promise.all(
        watched.map(async app => [app, await live(app)] as const),
      ),
    );
    const now = Date.now();
    for (const [app, c] of commits) {
      if (data.get(app)?.rev !== String(c.rev)) continue;
      result.commitToApplied.push(now - c.at);
      commits.delete(app);
    }
    for (const [app, d] of withDrifts ? drifts : []) {
      if (data.get(app)?.value !== 'git') continue;
      result.driftToCorrected.push(now - d.at);
      drifts.delete(app);
    }
  };

  for (;;) {
    const now = Date.now();
    const loading = now - start < options.durationMs;
    if (
      !loading &&
      ((commits.size === 0 && drifts.size === 0) ||
        now - start > options.durationMs + options.settleMs)
    )
      break;
    if (loading && now >= nextCommit) {
      nextCommit += options.commitEveryMs;
      const app = random();
      app.rev += 1;
      // a commit already waiting for this app is superseded: its latency is measured to this one
      if (!commits.has(app)) commits.set(app, { rev: app.rev, at: Date.now() });
      else commits.get(app)!.rev = app.rev;
      await world.git.commit(
        app.repo,
        { write: { [app.file]: appConfigMap(app.index, app.rev) } },
        { message: `rev ${app.rev} of app-${app.index}` },
      );
      await service.handlePush({
        repoUrl: world.git.repoUrl(app.repo),
        branch: 'main',
        deliveryId: `soak:${result.commits}`,
        replayKey: `soak:${result.commits}`,
        rememberUntil: new Date(Date.now() + 5 * 60_000),
      });
      result.commits += 1;
    }
    if (loading && now >= nextDrift) {
      nextDrift += options.driftEveryMs;
      const app = random();
      if (!drifts.has(app) && (await live(app))) {
        // a hand edit through the API, as `kubectl edit` would make it (its own field manager)
        const ok = await options.clients[app.cluster]
          .request({
            method: 'PATCH',
            path: `/api/v1/namespaces/${app.namespace}/configmaps/app-${app.index}`,
            query: { fieldManager: 'kubectl-edit' },
            body: { data: { value: `hand-edit-${result.drifts}` } },
            contentType: 'application/merge-patch+json',
          })
          .then(
            () => true,
            () => false,
          );
        if (ok) {
          drifts.set(app, { at: Date.now() });
          result.drifts += 1;
        }
      }
    }
    const elapsedSecond = Math.floor((Date.now() - start) / 1000);
    await check(elapsedSecond !== lastSecond);
    if (elapsedSecond !== lastSecond) {
      lastSecond = elapsedSecond;
      options.onSecond?.(Date.now() - start);
    }
    await sleep(100);
  }
  result.unfinished = [
    ...[...commits.keys()].map(a => `commit to app-${a.index}`),
    ...[...drifts.keys()].map(a => `hand edit of app-${a.index}`),
  ];
  return result;
}
