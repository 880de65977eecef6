import { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { forkTs, isTransformNoise } from '../process/forkTs';
import {
  CpuSample,
  GitLogSummary,
  InfraCommand,
  InfraInfo,
  InfraResponse,
  KubeLogSummary,
  WaitForValue,
} from './protocol';

/**
 * A handle on the infrastructure process: the local Git server, and a fault proxy in front of the
 * run's Kubernetes cluster.
 */
export class Infra {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (v: any) => void; reject: (e: Error) => void }
  >();

  private constructor(
    private readonly child: ChildProcess,
    readonly info: InfraInfo,
  ) {}

  /** Forks the infrastructure process and waits until both servers listen. */
  static async start(): Promise<Infra> {
    const child = forkTs(path.join(__dirname, 'infraProcess.ts'), []);
    await new Promise<void>((resolve, reject) => {
      const onMessage = (message: any) => {
        if (message?.ready) {
          child.off('message', onMessage);
          resolve();
        }
      };
      child.on('message', onMessage);
      child.once('exit', code =>
        reject(
          new Error(
            `infrastructure process exited (${code}) before it was ready`,
          ),
        ),
      );
    });
    const infra = new Infra(child, undefined as unknown as InfraInfo);
    child.on('message', (message: InfraResponse) => infra.onMessage(message));
    child.on('exit', code => {
      for (const { reject } of infra.pending.values())
        reject(new Error(`infrastructure process exited (${code})`));
      infra.pending.clear();
    });
    (infra as { info: InfraInfo }).info = await infra.send<InfraInfo>({
      cmd: 'info',
    });
    return infra;
  }

  private onMessage(message: InfraResponse) {
    if (isTransformNoise(message) || typeof message?.id !== 'number') return;
    const waiter = this.pending.get(message.id);
    if (!waiter) return;
    this.pending.delete(message.id);
    if (message.error) waiter.reject(new Error(message.error));
    else waiter.resolve(message.result);
  }

  private send<T>(command: InfraCommand): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ id, command });
    });
  }

  get pid() {
    return this.child.pid!;
  }

  kubeSummary(options: { clear?: boolean } = {}) {
    return this.send<KubeLogSummary>({
      cmd: 'kube.summary',
      clear: options.clear,
    });
  }
  clearKubeLog() {
    return this.send<null>({ cmd: 'kube.clear' });
  }
  /**
   * Creates a namespace for `name` and resolves with its name in the cluster: `name` behind a
   * prefix of this scenario's own, since the cluster is shared by the run (and may be shared with
   * others). Deleted when the infrastructure stops.
   */
  createNamespace(name: string) {
    return this.send<string>({ cmd: 'kube.createNamespace', name });
  }
  countObjects(apiVersion: string, kind: string, namespace?: string) {
    return this.send<number>({
      cmd: 'kube.count',
      apiVersion,
      kind,
      namespace,
    });
  }
  waitFor(spec: WaitForValue) {
    return this.send<number>({ cmd: 'kube.waitFor', spec });
  }
  seedRepo(repo: string, files: Record<string, string>) {
    return this.send<string>({ cmd: 'git.seed', repo, files });
  }
  commit(repo: string, write: Record<string, string>) {
    return this.send<string>({ cmd: 'git.commit', repo, write });
  }
  gitSummary(options: { clear?: boolean } = {}) {
    return this.send<GitLogSummary>({
      cmd: 'git.summary',
      clear: options.clear,
    });
  }
  /** CPU so far of the API server's process (NaN when it does not run on this machine). */
  apiServerCpu() {
    return this.send<CpuSample>({ cmd: 'cpu' });
  }
  repoUrl(repo: string) {
    return `${this.info.git.url}/${repo}.git`;
  }

  /** Stops the servers after deleting the scenario's namespaces (and waiting until they are gone). */
  async stop() {
    if (this.child.exitCode !== null) return;
    const exited = new Promise(resolve => this.child.once('exit', resolve));
    await this.send({ cmd: 'stop' }).catch(() => undefined);
    await exited;
  }
}
