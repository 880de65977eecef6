/**
 * The infrastructure process: the local Git server and the local Kubernetes API server, run apart
 * from the engine so that the engine's CPU time and memory are its own. Forked by a scenario
 * process (see infraClient.ts); answers commands over the IPC channel.
 */
import {
  LocalGitServer,
  LocalKubeApiServer,
  startLocalGitServer,
  startLocalKubeApiServer,
} from '@internal/local-infra';
import {
  GIT_AUTH,
  CpuSample,
  GitLogSummary,
  InfraCommand,
  InfraRequest,
  InfraResponse,
  KubeLogSummary,
  WaitForValue,
} from './protocol';
import { preciseNow } from '../measure/clock';

let kube: LocalKubeApiServer;
let git: LocalGitServer;

function kubeSummary(): KubeLogSummary {
  const summary: KubeLogSummary = {
    total: 0,
    writes: 0,
    dryRuns: 0,
    byVerb: {},
    writesByManager: {},
  };
  const writes = new Set(kube.writes());
  for (const entry of kube.requestLog) {
    summary.total++;
    const verb = entry.dryRun ? `${entry.verb}+dryRun` : entry.verb;
    summary.byVerb[verb] = (summary.byVerb[verb] ?? 0) + 1;
    if (entry.dryRun) summary.dryRuns++;
    if (writes.has(entry)) {
      summary.writes++;
      const manager = entry.fieldManager ?? '-';
      summary.writesByManager[manager] =
        (summary.writesByManager[manager] ?? 0) + 1;
    }
  }
  return summary;
}

function gitSummary(): GitLogSummary {
  const summary: GitLogSummary = { total: 0, byKind: {} };
  for (const entry of git.requestLog) {
    summary.total++;
    const what = entry.path.endsWith('/info/refs')
      ? 'info/refs'
      : entry.service ?? entry.path.split('/').pop() ?? '?';
    const kind = `${entry.method} ${what}`;
    summary.byKind[kind] = (summary.byKind[kind] ?? 0) + 1;
  }
  return summary;
}

function valueAt(obj: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<any>(
      (value, key) =>
        value === undefined || value === null ? undefined : value[key],
      obj,
    );
}

/** Polls the cluster's own store (no HTTP request, nothing in the request log) every 2 ms. */
function waitFor(spec: WaitForValue): Promise<number> {
  const deadline = Date.now() + spec.timeoutMs;
  return new Promise((resolve, reject) => {
    const check = () => {
      const obj = kube.cluster.get(
        spec.apiVersion,
        spec.kind,
        spec.namespace,
        spec.name,
      );
      if (valueAt(obj, spec.path) === spec.value) return resolve(preciseNow());
      if (Date.now() > deadline)
        return reject(
          new Error(
            `${spec.kind} ${spec.namespace}/${spec.name} did not get ${spec.path}=${spec.value} within ${spec.timeoutMs} ms`,
          ),
        );
      setTimeout(check, 2);
      return undefined;
    };
    check();
  });
}

async function handle(command: InfraCommand): Promise<unknown> {
  switch (command.cmd) {
    case 'info':
      return {
        kube: { url: kube.url, caData: kube.caData, token: kube.token },
        git: { url: git.url, rootDir: git.rootDir },
      };
    case 'kube.summary': {
      const summary = kubeSummary();
      if (command.clear) kube.clearRequestLog();
      return summary;
    }
    case 'kube.clear':
      kube.clearRequestLog();
      return null;
    case 'kube.createNamespace':
      if (!kube.cluster.get('v1', 'Namespace', undefined, command.name)) {
        kube.cluster.create({
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: command.name },
        });
      }
      return null;
    case 'kube.count':
      return kube.cluster.list(
        command.apiVersion,
        command.kind,
        command.namespace,
      ).length;
    case 'kube.waitFor':
      return waitFor(command.spec);
    case 'git.seed':
      return git.seedRepo(command.repo, command.files);
    case 'git.commit':
      return git.commit(command.repo, { write: command.write });
    case 'git.summary': {
      const summary = gitSummary();
      if (command.clear) git.requestLog.length = 0;
      return summary;
    }
    case 'cpu': {
      const usage = process.cpuUsage();
      const sample: CpuSample = {
        userMs: usage.user / 1000,
        systemMs: usage.system / 1000,
      };
      return sample;
    }
    case 'stop':
      await Promise.all([kube.stop(), git.stop()]);
      setImmediate(() => process.exit(0));
      return null;
    default:
      throw new Error(`unknown command ${JSON.stringify(command)}`);
  }
}

async function main() {
  const workloadDelayMs = Number(process.env.BENCH_WORKLOAD_DELAY_MS ?? 100);
  [kube, git] = await Promise.all([
    startLocalKubeApiServer({ workloadDelayMs }),
    startLocalGitServer({ auth: GIT_AUTH }),
  ]);
  process.on('message', (message: InfraRequest) => {
    if (!message || typeof message.id !== 'number') return;
    handle(message.command).then(
      result =>
        process.send!({ id: message.id, result } satisfies InfraResponse),
      error =>
        process.send!({
          id: message.id,
          error: String(error?.stack ?? error),
        } satisfies InfraResponse),
    );
  });
  // the parent going away (even by a crash) ends this process too
  process.on('disconnect', () => {
    Promise.allSettled([kube.stop(), git.stop()]).finally(() =>
      process.exit(0),
    );
  });
  process.send!({ ready: true });
}

main().catch(error => {
  process.stderr.write(
    `infrastructure process failed: ${error?.stack ?? error}\n`,
  );
  process.exit(1);
});
