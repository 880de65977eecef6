import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import readline from 'node:readline';

/**
 * The environment variable that points every suite, the benchmarks and the development portal at
 * an existing cluster (kind, k3d, a cloud test cluster) instead of the local control plane.
 */
export const CLUSTER_KUBECONFIG_ENV = 'GITOPS_CLUSTER_KUBECONFIG';

// eslint-disable-next-line no-restricted-syntax -- the private test kit runs from source, never bundled
const REPO_ROOT = path.resolve(__dirname, '../../../..');
const BUILD_SCRIPT = path.join(
  REPO_ROOT,
  'packages/local-infra/controlplane/build.sh',
);

export interface ControlPlane {
  /** Admin kubeconfig of the cluster (a static token in system:masters). */
  kubeconfigPath: string;
  server: string;
  /** The Kubernetes release of the API server, e.g. v1.34.4. */
  version: string;
  startupMs: number;
  dataDir: string;
  stop(): Promise<void>;
}

export interface ControlPlaneOptions {
  /** Folder for etcd, certificates and component logs (default: a new temporary folder, removed on stop). */
  dataDir?: string;
  /** API server port on 127.0.0.1 (default: a free port). */
  port?: number;
  kubeconfigPath?: string;
  nodes?: number;
}

/** Builds the control plane binary when its sources changed (quick otherwise) and returns its path. */
export function controlPlaneBinary(): string {
  const out = execFileSync('bash', [BUILD_SCRIPT], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return out.trim().split('\n').pop()!;
}

/**
 * Starts the upstream control plane (etcd, kube-apiserver, kube-controller-manager,
 * kube-scheduler, simulated nodes) in its own process group, resolving once it takes work.
 */
export async function startControlPlane(
  options: ControlPlaneOptions = {},
): Promise<ControlPlane> {
  const binary = controlPlaneBinary();
  // A restarted development backend's previous control plane takes a moment to notice and exit.
  if (options.port) await waitForFreePort(options.port, 20_000);
  const temporary = !options.dataDir;
  const dataDir =
    options.dataDir ??
    fs.mkdtempSync(path.join(os.tmpdir(), 'local-controlplane-'));
  const args = [
    'up',
    `--data-dir=${dataDir}`,
    `--exit-with-parent=${process.pid}`,
  ];
  if (options.port) args.push(`--port=${options.port}`);
  if (options.kubeconfigPath)
    args.push(`--kubeconfig=${options.kubeconfigPath}`);
  if (options.nodes) args.push(`--nodes=${options.nodes}`);

  // detached: a process group of its own, so stop() ends the supervisor and its components together.
  const child = spawn(binary, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', chunk => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<number | null>(resolve =>
    child.once('exit', code => resolve(code)),
  );

  const stop = async () => {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      return; // already gone
    }
    const killed = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }, 10_000);
    await exited;
    clearTimeout(killed);
    if (temporary) fs.rmSync(dataDir, { recursive: true, force: true });
  };

  const lines = readline.createInterface({ input: child.stdout! });
  const ready = await new Promise<{
    server: string;
    kubeconfig: string;
    version: string;
    startupMs: number;
  }>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new Error(
            `the local control plane did not start in 180 s: ${stderr}`,
          ),
        ),
      180_000,
    );
    lines.on('line', line => {
      try {
        const parsed = JSON.parse(line);
        if (parsed.ready) {
          clearTimeout(timer);
          resolve(parsed);
        }
      } catch {
        // not the ready line
      }
    });
    exited.then(code => {
      clearTimeout(timer);
      reject(
        new Error(
          `the local control plane exited with code ${code} before it was ready (logs in ${dataDir}/logs): ${stderr}`,
        ),
      );
    });
  }).catch(async error => {
    await stop();
    throw error;
  });
  // Later output is not read; drain it so the child never blocks on a full pipe.
  child.stdout!.resume();
  child.unref();
  (child.stdout as any).unref?.();
  (child.stderr as any).unref?.();

  return {
    kubeconfigPath: ready.kubeconfig,
    server: ready.server,
    version: ready.version,
    startupMs: ready.startupMs,
    dataDir,
    stop,
  };
}

/** Waits until nothing listens on 127.0.0.1:port, or the timeout passes (then the start reports it). */
async function waitForFreePort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const taken = () =>
    new Promise<boolean>(resolve => {
      const socket = net.connect({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
  while ((await taken()) && Date.now() < deadline) {
    await new Promise(r => setTimeout(r, 250));
  }
}
