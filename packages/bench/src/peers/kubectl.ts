import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InfraInfo } from '../infra/protocol';
import { CommandRun, runTimed } from './timedCommand';

/**
 * The test kit's kubectl (`KUBECTL_PATH` of @internal/local-infra: the setting GITOPS_KUBECTL, by
 * default a 1.33 binary). main.ts resolves it and hands it to every scenario process in
 * GITOPS_KUBECTL: a scenario process does not load the kit's index, whose servers and browser
 * driver would add some 46 MB to the engine's measured memory.
 */
export const KUBECTL: string =
  process.env.GITOPS_KUBECTL ??
  (() => {
    throw new Error(
      "GITOPS_KUBECTL is not set: run scenarios through packages/bench/src/main.ts (yarn bench), which sets it to the test kit's kubectl",
    );
  })();

/**
 * kubectl against the run's cluster, the way an operator runs it: a kubeconfig with the server,
 * CA and token (this scenario's fault proxy, so its requests are counted like the engine's), and a
 * discovery cache folder that a run may start fresh or reuse.
 */
export class Kubectl {
  private readonly dir = fs.mkdtempSync(
    path.join(os.tmpdir(), 'gitops-bench-kubectl-'),
  );
  private readonly kubeconfig = path.join(this.dir, 'kubeconfig');
  private cacheCount = 0;

  constructor(info: InfraInfo) {
    fs.copyFileSync(info.kube.kubeconfig, this.kubeconfig);
    fs.chmodSync(this.kubeconfig, 0o600);
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
