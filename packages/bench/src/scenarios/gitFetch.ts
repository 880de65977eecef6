/**
 * Scenario 6: the source stage against the git CLI on one repository with a long history
 * (default 2,000 commits, 3,000 files). Per run, each side starts empty: the engine's
 * GitRepositoryCache on a fresh folder (resolve the branch, then checkout: shallow fetch and the
 * tree written out), the git CLI with `git clone --depth 1`. Then one new commit is pushed and both
 * fetch it; then both look again with nothing new.
 */
import { GitRepositoryCache } from '@backstage-gitops/plugin-gitops-backend/testUtils';
import { ScmIntegrations } from '@backstage/integration';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchConfig } from '../engine/replica';
import { GIT_AUTH, GitLogSummary } from '../infra/protocol';
import { measure } from '../measure/resources';
import { summarize } from '../measure/stats';
import { runTimed } from '../peers/timedCommand';
import { ScenarioResult } from '../report/types';
import {
  buildHistoryRepo,
  historyFileContent,
  historyFilePath,
} from '../workload/historyRepo';
import { formatCounts, round, ScenarioContext } from './context';

export async function runGitFetch(
  ctx: ScenarioContext,
): Promise<ScenarioResult> {
  const commits = Number(ctx.params.commits ?? 2000);
  const files = Number(ctx.params.files ?? 3000);
  const runs = ctx.params.runs;
  const infra = await ctx.infra();
  const repo = `history-${commits}`;
  const t0 = Date.now();
  await buildHistoryRepo(path.join(infra.info.git.rootDir, `${repo}.git`), {
    commits,
    files,
  });
  ctx.progress(
    `repository with ${commits} commits and ${files} files built in ${
      Date.now() - t0
    } ms`,
  );
  const url = infra.repoUrl(repo);
  const authUrl = url.replace(
    '://',
    `://${GIT_AUTH.username}:${GIT_AUTH.password}@`,
  );
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-bench-git-'));
  const gitEnv = {
    PATH: process.env.PATH ?? '',
    HOME: work,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    LANG: 'C',
  };
  const git = async (args: string[]) => {
    const r = await runTimed('git', args, { env: gitEnv });
    if (r.code !== 0)
      throw new Error(`git ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
    return r;
  };
  const integrations = ScmIntegrations.fromConfig(benchConfig(infra.info));

  const series = () => ({
    ms: [] as number[],
    requests: [] as GitLogSummary[],
  });
  const ours = {
    initial: series(),
    incremental: series(),
    incrementalTree: series(),
    unchanged: series(),
    fetchesWhenUnchanged: [] as number[],
  };
  const peer = {
    initial: series(),
    incremental: series(),
    incrementalCheckout: series(),
    unchanged: series(),
  };
  const problems: string[] = [];

  const oursStep = async (
    source: GitRepositoryCache,
    into: { ms: number[]; requests: GitLogSummary[] },
    label: string,
    tree?: { ms: number[] },
  ) => {
    await infra.gitSummary({ clear: true });
    // With `tree`, the fetch (what `git fetch` does) and writing the tree are timed apart.
    const fetched = await measure(label, async () => {
      const revision = await source.resolveRevision(url, 'main');
      if (tree) await source.fetchRevision(url, 'main', revision);
      return revision;
    });
    const m = await measure(`${label}-tree`, () =>
      source.checkout(url, 'main', fetched.value),
    );
    into.ms.push(fetched.wallMs + (tree ? 0 : m.wallMs));
    tree?.ms.push(fetched.wallMs + m.wallMs);
    into.requests.push(await infra.gitSummary({ clear: true }));
    return m.value;
  };
  const peerStep = async (
    args: string[],
    into: { ms: number[]; requests: GitLogSummary[] },
  ) => {
    await infra.gitSummary({ clear: true });
    const r = await git(args);
    into.ms.push(r.wallMs);
    into.requests.push(await infra.gitSummary({ clear: true }));
  };

  for (let run = 1; run <= runs; run++) {
    const cacheDir = path.join(work, `cache-${run}`);
    const clone = path.join(work, `clone-${run}`);
    const source = new GitRepositoryCache({ cacheDir, integrations });
    const oursFirst = run % 2 === 1;
    const both = async (a: () => Promise<unknown>, b: () => Promise<unknown>) =>
      oursFirst ? (await a(), await b()) : (await b(), await a());

    await both(
      () => oursStep(source, ours.initial, 'git-initial'),
      () =>
        peerStep(
          [
            'clone',
            '-q',
            '--depth',
            '1',
            '--branch',
            'main',
            '--single-branch',
            authUrl,
            clone,
          ],
          peer.initial,
        ),
    );
    const changed = (commits + run * 31) % files;
    const newSha = await infra.commit(repo, {
      [historyFilePath(changed)]: historyFileContent(changed, commits + run),
    });
    await both(
      async () => {
        const checkout = await oursStep(
          source,
          ours.incremental,
          'git-incremental',
          ours.incrementalTree,
        );
        if (checkout.revision !== newSha)
          problems.push(
            `run ${run}: engine checked out ${checkout.revision}, expected ${newSha}`,
          );
      },
      async () => {
        await peerStep(
          ['-C', clone, 'fetch', '-q', 'origin', 'main'],
          peer.incremental,
        );
        await peerStep(
          ['-C', clone, 'reset', '-q', '--hard', 'FETCH_HEAD'],
          peer.incrementalCheckout,
        );
      },
    );
    const fetchesBefore = source.metrics.fetches;
    await both(
      () => oursStep(source, ours.unchanged, 'git-unchanged'),
      () =>
        peerStep(
          ['-C', clone, 'fetch', '-q', 'origin', 'main'],
          peer.unchanged,
        ),
    );
    ours.fetchesWhenUnchanged.push(source.metrics.fetches - fetchesBefore);
    ctx.progress(
      `run ${run}/${runs}: initial ${round(
        ours.initial.ms[run - 1],
      )} vs clone ${round(peer.initial.ms[run - 1])} ms; incremental ${round(
        ours.incremental.ms[run - 1],
      )} vs fetch ${round(peer.incremental.ms[run - 1])} ms`,
    );
    fs.rmSync(cacheDir, { recursive: true, force: true });
    fs.rmSync(clone, { recursive: true, force: true });
  }
  fs.rmSync(work, { recursive: true, force: true });
  if (ours.fetchesWhenUnchanged.some(n => n !== 0))
    problems.push(
      `the engine fetched with the remote unchanged: ${ours.fetchesWhenUnchanged.join(
        ', ',
      )}`,
    );

  const last = (s: { requests: GitLogSummary[] }) =>
    s.requests[s.requests.length - 1];
  const shape = `${commits} commits, ${files} files`;
  const withCheckout = peer.incremental.ms.map(
    (ms, i) => ms + peer.incrementalCheckout.ms[i],
  );
  return {
    id: 'git',
    title: `Git fetch, ${shape}`,
    rows: [
      {
        scenario: `6. Git initial shallow fetch + tree, ${shape}`,
        measure: 'wall time',
        unit: 'ms',
        ours: summarize(ours.initial.ms),
        peer: {
          name: 'git clone --depth 1',
          stats: summarize(peer.initial.ms),
        },
      },
      {
        scenario: `6. Git incremental fetch of 1 commit, ${shape}`,
        measure: 'wall time',
        unit: 'ms',
        ours: summarize(ours.incremental.ms),
        peer: { name: 'git fetch', stats: summarize(peer.incremental.ms) },
        target: { kind: 'ratio', max: 2 },
      },
      {
        scenario: `6. Git incremental fetch of 1 commit + its tree written, ${shape}`,
        measure: 'wall time',
        unit: 'ms',
        ours: summarize(ours.incrementalTree.ms),
        peer: {
          name: 'git fetch + reset --hard',
          stats: summarize(withCheckout),
        },
      },
      {
        scenario: `6. Git, remote unchanged`,
        measure: 'fetches (ref lookup only)',
        unit: 'requests',
        ours: summarize(ours.fetchesWhenUnchanged),
        target: { kind: 'absolute', max: 0, stat: 'max' },
      },
    ],
    details: [
      {
        title: `Scenario 6: Git server requests per step (last run) and wall time (median ms)`,
        header: [
          'step',
          'engine ms',
          'engine requests',
          'git CLI ms',
          'git CLI requests',
        ],
        rows: [
          [
            'initial (engine: resolve + shallow fetch + write tree; git: clone --depth 1)',
            round(summarize(ours.initial.ms).median),
            formatCounts(last(ours.initial).byKind),
            round(summarize(peer.initial.ms).median),
            formatCounts(last(peer.initial).byKind),
          ],
          [
            '1 new commit (engine: resolve + fetch; git: fetch)',
            round(summarize(ours.incremental.ms).median),
            formatCounts(last(ours.incremental).byKind),
            round(summarize(peer.incremental.ms).median),
            formatCounts(last(peer.incremental).byKind),
          ],
          [
            '1 new commit and its tree (engine: resolve + fetch + write tree; git: fetch + reset --hard)',
            round(summarize(ours.incrementalTree.ms).median),
            '',
            round(summarize(withCheckout).median),
            '',
          ],
          [
            'nothing new (engine: resolve only; git: fetch)',
            round(summarize(ours.unchanged.ms).median),
            formatCounts(last(ours.unchanged).byKind),
            round(summarize(peer.unchanged.ms).median),
            formatCounts(last(peer.unchanged).byKind),
          ],
        ],
      },
    ],
    notes: [
      "The engine side is `GitRepositoryCache.resolveRevision` + `checkout` (what the reconciler calls), which includes writing the commit's tree to `trees/<sha>`; for the incremental step the fetch (`resolveRevision` + `fetchRevision`, the counterpart of `git fetch`) and the tree (`checkout`: files unchanged since the previous tree are hard-linked from it) are timed apart. The git CLI sides authenticate with the same credentials (in the URL).",
    ],
    problems,
  };
}
