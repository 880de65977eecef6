/**
 * The infrastructure process: the local Git server, and this scenario's fault proxy in front of the
 * run's Kubernetes cluster (the one GITOPS_CLUSTER_KUBECONFIG names: bench.sh or main.ts starts a
 * local control plane for the whole run), run apart from the engine so that the engine's CPU time
 * and memory are its own. Forked by a scenario process (see infraClient.ts); answers commands over
 * the IPC channel.
 *
 * The cluster outlives the scenario and may be shared: every namespace a scenario creates gets a
 * prefix of its own, and is deleted (and waited for) when the scenario stops.
 */
import {
  LocalCluster,
  LocalGitServer,
  startLocalCluster,
  startLocalGitServer,
  Upstream,
  upstreamFromKubeconfig,
} from '@internal/local-infra';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findApiServerPid, processCpu } from './apiServerCpu';
import {
  GIT_AUTH,
  GitLogSummary,
  InfraCommand,
  InfraRequest,
  InfraResponse,
  KubeLogSummary,
} from './protocol';
import { waitForValue } from './watchValue';

/** Labels every namespace of the suite carries: `kubectl delete ns -l gitops-bench` cleans up after a crash. */
const NAMESPACE_LABEL = 'gitops-bench';

let kube: LocalCluster;
let git: LocalGitServer;
let upstream: Upstream;
let apiServerPid: number | undefined;
let workDir: string;
const prefix = `bench-${randomBytes(3).toString('hex')}-`;
const namespaces: string[] = [];

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

/** Deletes the scenario's namespaces and waits until the namespace controller has emptied them. */
async function deleteNamespaces(timeoutMs = 300_000) {
  const names = namespaces.splice(0);
  await Promise.all(
    names.map(name => kube.cluster.delete('v1', 'Namespace', undefined, name)),
  );
  const deadline = Date.now() + timeoutMs;
  const remaining = async () =>
    (
      await Promise.all(
        names.map(name => kube.cluster.get('v1', 'Namespace', undefined, name)),
      )
    ).filter(Boolean);
  for (;;) {
    const left = await remaining();
    if (!left.length) return;
    if (Date.now() > deadline) {
      process.stderr.write(
        `infrastructure: ${left.length} namespace(s) still terminating after ${
          timeoutMs / 1000
        } s: ${left.map(ns => ns!.metadata.name).join(', ')}\n`,
      );
      return;
    }
    await new Promise(resolve => setTimeout(resolve, 500));
  }
}

let stopping: Promise<void> | undefined;
function stopAll(): Promise<void> {
  stopping ??= (async () => {
    await Promise.allSettled([deleteNamespaces(), git?.stop()]);
    await kube?.stop();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  })();
  return stopping;
}

async function handle(command: InfraCommand): Promise<unknown> {
  switch (command.cmd) {
    case 'info':
      return {
        kube: {
          url: kube.url,
          caData: kube.caData,
          token: kube.token,
          kubeconfig: path.join(workDir, 'kubeconfig'),
          version: kube.version,
          apiServerCpu: apiServerPid !== undefined,
        },
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
    case 'kube.createNamespace': {
      const name = `${prefix}${command.name}`;
      if (!(await kube.cluster.get('v1', 'Namespace', undefined, name))) {
        namespaces.push(name);
        await kube.cluster.create({
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name, labels: { [NAMESPACE_LABEL]: 'true' } },
        });
      }
      return name;
    }
    case 'kube.count':
      return (
        await kube.cluster.list(
          command.apiVersion,
          command.kind,
          command.namespace,
        )
      ).length;
    case 'kube.waitFor':
      return waitForValue(upstream, command.spec);
    case 'git.seed':
      return git.seedRepo(command.repo, command.files);
    case 'git.commit':
      return git.commit(command.repo, { write: command.write });
    case 'git.summary': {
      const summary = gitSummary();
      if (command.clear) git.requestLog.length = 0;
      return summary;
    }
    case 'cpu':
      return processCpu(apiServerPid);
    case 'stop':
      await stopAll();
      setImmediate(() => process.exit(0));
      return null;
    default:
      throw new Error(`unknown command ${JSON.stringify(command)}`);
  }
}

async function main() {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-bench-infra-'));
  [kube, git] = await Promise.all([
    startLocalCluster(),
    startLocalGitServer({ auth: GIT_AUTH }),
  ]);
  kube.writeKubeconfig(path.join(workDir, 'kubeconfig'));
  upstream = await upstreamFromKubeconfig(kube.adminKubeconfig);
  apiServerPid = findApiServerPid(upstream.server);
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
  // the parent going away (even by a crash) ends this process too, after cleaning up the cluster
  process.on('disconnect', () => {
    stopAll().finally(() => process.exit(0));
  });
  process.send!({ ready: true });
}

main().catch(error => {
  process.stderr.write(
    `infrastructure process failed: ${error?.stack ?? error}\n`,
  );
  Promise.allSettled([kube?.stop(), git?.stop()]).finally(() =>
    process.exit(1),
  );
});
