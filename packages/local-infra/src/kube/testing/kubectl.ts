import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LocalKubeApiServer } from '../server';

export const KUBECTL = '/usr/lib/google-cloud-sdk/bin/kubectl.1.32';
export const hasKubectl = existsSync(KUBECTL);

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real kubectl against a server: no kubeconfig, explicit server/CA/token, a fresh cache dir. */
export function kubectlFor(server: LocalKubeApiServer) {
  const dir = mkdtempSync(join(tmpdir(), 'kubectl-'));
  const caFile = join(dir, 'ca.pem');
  writeFileSync(caFile, server.caPem);
  const base = [
    `--server=${server.url}`,
    `--token=${server.token}`,
    `--certificate-authority=${caFile}`,
    `--cache-dir=${join(dir, 'cache')}`,
  ];
  let manifests = 0;
  const run = (args: string[], input?: string) =>
    new Promise<KubectlResult>(resolve => {
      const child = execFile(
        KUBECTL,
        [...base, ...args],
        { env: { ...process.env, KUBECONFIG: '/dev/null' }, timeout: 30_000 },
        (err, stdout, stderr) => {
          resolve({
            code: err
              ? typeof (err as any).code === 'number'
                ? (err as any).code
                : 1
              : 0,
            stdout,
            stderr,
          });
        },
      );
      if (input !== undefined) child.stdin!.end(input);
    });
  return {
    run,
    /** `kubectl <verb> -f <file with yaml> ...args` */
    withManifest: (verb: string[], yaml: string, args: string[] = []) => {
      const file = join(dir, `manifest-${++manifests}.yaml`);
      writeFileSync(file, yaml);
      return run([...verb, '-f', file, ...args]);
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
