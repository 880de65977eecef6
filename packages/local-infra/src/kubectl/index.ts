import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The kubectl every test, benchmark and the development portal run: one setting, GITOPS_KUBECTL.
 * The default is a 1.33 binary, inside kubectl's supported skew (one minor version) of the
 * control plane's v1.34; a machine's plain `kubectl` may be a dispatcher or another release.
 */
export const KUBECTL_PATH =
  process.env.GITOPS_KUBECTL ?? '/usr/lib/google-cloud-sdk/bin/kubectl.1.33';

/** Fails loudly when kubectl is missing: a suite that needs it must not pass vacuously. */
export function requireKubectl(): string {
  if (!fs.existsSync(KUBECTL_PATH)) {
    throw new Error(
      `kubectl not found at ${KUBECTL_PATH}: install it or set GITOPS_KUBECTL to a kubectl 1.33–1.35 binary`,
    );
  }
  return KUBECTL_PATH;
}

export interface KubectlResult {
  stdout: string;
  stderr: string;
  code: number;
}

/**
 * Runs kubectl against one kubeconfig (never the user's own: KUBECONFIG is replaced) with a fresh
 * discovery cache, so a CRD created a moment ago is seen.
 */
export async function runKubectl(
  args: string[],
  options: { kubeconfig?: string; input?: string; timeoutMs?: number } = {},
): Promise<KubectlResult> {
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubectl-cache-'));
  try {
    return await new Promise<KubectlResult>(resolve => {
      const child = execFile(
        requireKubectl(),
        [...args, `--cache-dir=${cacheDir}`],
        {
          env: {
            ...process.env,
            KUBECONFIG: options.kubeconfig ?? '/dev/null',
          },
          timeout: options.timeoutMs ?? 60_000,
          maxBuffer: 64 * 1024 * 1024,
        },
        (error, stdout, stderr) => {
          let code = 0;
          if (error) code = typeof error.code === 'number' ? error.code : 1;
          resolve({ stdout, stderr, code });
        },
      );
      if (options.input !== undefined) child.stdin!.end(options.input);
    });
  } finally {
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
}
