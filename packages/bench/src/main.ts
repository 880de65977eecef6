/**
 * `yarn bench`: runs every scenario (each in its own process, each with its own Git server, fault
 * proxy and database, all on the one Kubernetes cluster of the run), then writes the results into
 * docs/benchmarks.md between the generated-section markers.
 *
 * The cluster is the one GITOPS_CLUSTER_KUBECONFIG names (bench.sh starts a local control plane for
 * the run, as test.sh does); run directly without it, this process starts one for the run.
 *
 *   yarn bench [--quick] [--only sync,steady,...] [--runs N] [--apps N] [--concurrency N] [--db pg|sqlite]
 *              [--no-growth] [--out FILE] [--no-write]
 */
import {
  CLUSTER_KUBECONFIG_ENV,
  ControlPlane,
  requireKubectl,
  startControlPlane,
  startLocalCluster,
  upstreamFromKubeconfig,
} from '@internal/local-infra';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DatabaseKind, postgresVersion } from './engine/database';
import { findApiServerPid } from './infra/apiServerCpu';
import { forkTs, isTransformNoise } from './process/forkTs';
import { ScenarioResult } from './report/types';
import {
  describeMachine,
  processGroupOf,
  watchLoad,
} from './runner/environment';
import { renderResults, RunRecord, spliceGenerated } from './runner/document';
import { benchPlan, PlanItem } from './runner/plan';
import { SCENARIOS, ScenarioName } from './scenarios/registry';

const REPO_ROOT = path.resolve(__dirname, '../../..');

function runItem(
  item: PlanItem,
): Promise<{ result?: ScenarioResult; error?: string }> {
  return new Promise(resolve => {
    const child = forkTs(
      path.join(__dirname, 'scenarioProcess.ts'),
      [item.name, JSON.stringify(item.params)],
      {
        // the steady state keeps 20,000 objects and their history in the engine's heap
        // BENCH_NODE_FLAGS adds diagnostics such as --trace-gc or --heap-prof
        execArgv: [
          '--max-old-space-size=4096',
          '--expose-gc',
          ...(process.env.BENCH_NODE_FLAGS?.split(/\s+/).filter(Boolean) ?? []),
        ],
      },
    );
    let result: ScenarioResult | undefined;
    child.on('message', (message: any) => {
      if (isTransformNoise(message)) return;
      if (message?.type === 'result') result = message.result;
    });
    child.on('exit', code =>
      resolve(
        result
          ? { result }
          : { error: `scenario process exited with code ${code}` },
      ),
    );
  });
}

async function main() {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      runs: { type: 'string' },
      apps: { type: 'string' },
      concurrency: { type: 'string' },
      db: { type: 'string' },
      'no-growth': { type: 'boolean', default: false },
      out: { type: 'string' },
      'no-write': { type: 'boolean', default: false },
    },
  });
  // every scenario process runs the kit's kubectl (peers/kubectl.ts reads it from here)
  process.env.GITOPS_KUBECTL = requireKubectl();
  let controlPlane: ControlPlane | undefined;
  if (!process.env[CLUSTER_KUBECONFIG_ENV]) {
    controlPlane = await startControlPlane();
    process.env[CLUSTER_KUBECONFIG_ENV] = controlPlane.kubeconfigPath;
    process.stderr.write(
      `bench: local Kubernetes ${controlPlane.version} ready in ${controlPlane.startupMs} ms\n`,
    );
  }
  try {
    await runBench(values);
  } finally {
    await controlPlane?.stop();
  }
}

/**
 * What the cluster is (its release, and whether it is the local control plane), read before any
 * scenario starts: a cluster that does not answer fails the run here.
 */
async function describeCluster(): Promise<{
  description: string;
  /** The local control plane's process group, whose CPU the run reports apart. */
  pgid?: number;
}> {
  const cluster = await startLocalCluster();
  try {
    const upstream = await upstreamFromKubeconfig(cluster.adminKubeconfig);
    upstream.agent.destroy();
    const pid = findApiServerPid(upstream.server);
    const local =
      pid !== undefined &&
      fs
        .readFileSync(`/proc/${pid}/cmdline`, 'utf8')
        .split('\0')[0]
        .endsWith('local-controlplane');
    return {
      description: `${cluster.version} (${
        local
          ? 'the local control plane: etcd, kube-apiserver, kube-controller-manager, kube-scheduler, simulated nodes'
          : `the cluster of ${CLUSTER_KUBECONFIG_ENV}`
      })`,
      pgid: local ? processGroupOf(pid!) : undefined,
    };
  } finally {
    await cluster.stop();
  }
}

async function runBench(values: {
  quick?: boolean;
  only?: string;
  runs?: string;
  apps?: string;
  concurrency?: string;
  db?: string;
  'no-growth'?: boolean;
  out?: string;
  'no-write'?: boolean;
}) {
  const only = (values.only
    ?.split(',')
    .map(s => s.trim())
    .filter(Boolean) ?? []) as ScenarioName[];
  const unknown = only.filter(name => !(name in SCENARIOS));
  if (unknown.length)
    throw new Error(
      `unknown scenario(s) ${unknown.join(', ')}; known: ${Object.keys(
        SCENARIOS,
      ).join(', ')}`,
    );
  const kubernetes = await describeCluster();
  const pgVersion = await postgresVersion();
  const db =
    (values.db as DatabaseKind | undefined) ?? (pgVersion ? 'pg' : 'sqlite');
  const plan = benchPlan({
    quick: Boolean(values.quick),
    only,
    db,
    runs: values.runs ? Number(values.runs) : undefined,
    apps: values.apps ? Number(values.apps) : undefined,
    concurrency: values.concurrency ? Number(values.concurrency) : undefined,
    growth: !values['no-growth'],
  });

  const startedAt = new Date();
  const load = watchLoad({ clusterPgid: kubernetes.pgid });
  const machine = {
    ...(await describeMachine()),
    Kubernetes: kubernetes.description,
    ...(db === 'pg' ? { PostgreSQL: pgVersion ?? 'unknown' } : {}),
  };
  const records: RunRecord[] = [];
  process.stderr.write(
    `bench: ${plan.length} scenario processes, database ${db}${
      values.quick ? ', quick' : ''
    }\n`,
  );
  for (const [index, item] of plan.entries()) {
    const label = `${item.name} ${JSON.stringify({
      ...item.params,
      db: undefined,
      quick: undefined,
    })}`;
    process.stderr.write(`[${index + 1}/${plan.length}] ${label}\n`);
    const t0 = Date.now();
    const outcome = await runItem(item);
    records.push({ item, ...outcome, wallMs: Date.now() - t0 });
    process.stderr.write(
      `[${index + 1}/${plan.length}] ${item.name} ${
        outcome.error ? `FAILED: ${outcome.error}` : 'done'
      } in ${Math.round((Date.now() - t0) / 1000)} s\n`,
    );
  }

  const command = ['yarn bench', ...process.argv.slice(2)].join(' ');
  const markdown = renderResults(records, {
    startedAt,
    totalMs: Date.now() - startedAt.getTime(),
    command,
    database:
      db === 'pg' ? 'PostgreSQL (a fresh database per scenario)' : 'SQLite',
    machine,
    load: load.stop(),
  });
  const rawDir = path.join(REPO_ROOT, '.cache', 'bench');
  fs.mkdirSync(rawDir, { recursive: true });
  fs.writeFileSync(
    path.join(rawDir, 'last-run.json'),
    JSON.stringify({ startedAt, machine, records }, null, 2),
  );
  if (values['no-write']) {
    process.stdout.write(`${markdown}\n`);
  } else {
    const out = path.resolve(REPO_ROOT, values.out ?? 'docs/benchmarks.md');
    const existing = fs.existsSync(out)
      ? fs.readFileSync(out, 'utf8')
      : undefined;
    fs.writeFileSync(out, spliceGenerated(existing, markdown));
    process.stderr.write(
      `bench: results written to ${path.relative(
        REPO_ROOT,
        out,
      )} (raw data in .cache/bench/last-run.json)\n`,
    );
  }
  if (records.some(r => r.error)) process.exitCode = 1;
}

main().catch(error => {
  process.stderr.write(`bench failed: ${error?.stack ?? error}\n`);
  process.exit(1);
});
