// the kubeconfig module alone: the package index would load the browser launcher too
import { kubeconfigYaml } from '@internal/local-infra/src/kube/kubeconfig';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InfraInfo } from '../infra/protocol';
import { CommandRun, runTimed } from './timedCommand';

export const KUBECTL =
  process.env.BENCH_KUBECTL ?? '/usr/lib/google-cloud-sdk/bin/kubectl.1.32';

/**
 * kubectl against the local API server, the way an operator runs it: a kubeconfig with the
 * server, CA and token, and a discovery cache folder that a run may start fresh or reuse.
 */
export class Kubectl {
  private readonly dir = fs.mkdtempSync(
    path.join(os.tmpdir(), 'gitops-bench-kubectl-'),
  );
  private readonly kubeconfig = path.join(this.dir, 'kubeconfig');
  private cacheCount = 0;

  constructor(info: InfraInfo) {
    fs.writeFileSync(this.kubeconfig, kubeconfigYaml(info.kube), {
      mode: 0o600,
    });
  }

  /** A new, empty discovery cache folder (what a first run on a fresh machine has). */
  freshCacheDir(): string {
    const dir = path.join(this.dir, `cache-${++this.cacheCount}`);
    fs.mkdirSync(dir);
    return dir;
  }

  run(args: string[], options: { cacheDir: string }): Promise<CommandRun> {
    return runTimed(KUBECTL, [...args, `--cache-dir=${options.cacheDir}`], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: this.dir,
        KUBECONFIG: this.kubeconfig,
        LANG: 'C',
      },
    });
  }

  /** Runs and fails on an unexpected exit code, quoting kubectl's own message. */
  async expect(
    args: string[],
    options: { cacheDir: string; codes?: number[] },
  ): Promise<CommandRun> {
    const result = await this.run(args, options);
    if (!(options.codes ?? [0]).includes(result.code)) {
      throw new Error(
        `kubectl ${args.join(' ')} exited ${result.code}: ${result.stderr.slice(
          0,
          2000,
        )}`,
      );
    }
    return result;
  }

  dispose() {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
