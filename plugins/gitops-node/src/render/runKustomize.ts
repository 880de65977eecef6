import { spawn } from 'node:child_process';
import { RenderError, RendererUnavailableError } from './errors';

export interface RunKustomizeOptions {
  /** The kubectl binary; `kubectl kustomize` embeds Kustomize. */
  kubectlPath: string;
  /** Absolute directory to build (inside the private copy). */
  dir: string;
  /** Working directory; also stripped from messages so they show repository paths. */
  cwd: string;
  /** HOME for the child, so it never reads the backend user's kube config or cache. */
  home: string;
  /** Repository path of the application, for messages. */
  displayDir: string;
  timeoutMs: number;
  maxOutputBytes: number;
  /** Secret values that must not appear in an error message (from secretGenerators). */
  secretLiterals?: string[];
}

const MAX_STDERR_BYTES = 16 * 1024;

/**
 * Runs `kubectl kustomize <dir>` and returns its stdout bytes. Killed (SIGKILL) on timeout or
 * when the output exceeds the limit; a non-zero exit becomes a RenderError carrying
 * Kustomize's own explanation from stderr.
 */
export function runKustomize(opts: RunKustomizeOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(opts.kubectlPath, ['kustomize', opts.dir], {
      cwd: opts.cwd,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: opts.home,
        KUBECONFIG: '/dev/null',
        LANG: 'C',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let stdoutBytes = 0;
    let stderrBytes = 0;
    let failure: RenderError | undefined;
    const fail = (err: RenderError) => {
      failure ??= err;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(
      () =>
        fail(
          new RenderError(
            `kustomize build of ${opts.displayDir} timed out after ${opts.timeoutMs} ms`,
          ),
        ),
      opts.timeoutMs,
    );
    child.stdout.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes > opts.maxOutputBytes) {
        fail(
          new RenderError(
            `kustomize build of ${opts.displayDir} produced more than ${opts.maxOutputBytes} bytes`,
          ),
        );
        return;
      }
      stdout.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderrBytes < MAX_STDERR_BYTES) stderr.push(chunk);
      stderrBytes += chunk.length;
    });
    child.on('error', err => {
      clearTimeout(timer);
      reject(
        new RendererUnavailableError(
          opts.kubectlPath,
          spawnFailure(err as NodeJS.ErrnoException),
          err,
        ),
      );
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const crash = crashOf(code, signal, Buffer.concat(stderr));
      if (failure) {
        reject(failure);
      } else if (crash) {
        reject(new RendererUnavailableError(opts.kubectlPath, crash));
      } else if (code !== 0) {
        const detail = Buffer.concat(stderr)
          .toString('utf8')
          .split(`${opts.cwd}/`)
          .join('')
          .split(opts.cwd)
          .join('.')
          .trim()
          .replace(/^error:\s*/, '');
        // longest first, so a literal's value inside the whole literal is still caught
        const scrubbed = [...(opts.secretLiterals ?? [])]
          .sort((a, b) => b.length - a.length)
          .reduce(
            (text, secret) => text.split(secret).join('********'),
            detail,
          );
        reject(
          new RenderError(
            `kustomize build of ${opts.displayDir} failed${
              scrubbed ? `: ${scrubbed}` : ` (exit code ${code})`
            }`,
          ),
        );
      } else {
        resolve(Buffer.concat(stdout));
      }
    });
  });
}

function spawnFailure(err: NodeJS.ErrnoException): string {
  if (err.code === 'ENOENT') return 'not found (ENOENT)';
  if (err.code === 'EACCES') return 'not executable (EACCES)';
  return err.message;
}

/** A signal we did not send (ours are only sent after `failure` is set), or a Go runtime panic. */
function crashOf(
  code: number | null,
  signal: NodeJS.Signals | null,
  stderr: Buffer,
): string | undefined {
  if (signal) return `crashed (killed by ${signal})`;
  // the panic text itself stays out: it may quote what was being rendered
  if (code !== 0 && /^(panic|fatal error): /m.test(stderr.toString('utf8')))
    return `crashed (Go runtime panic, exit code ${code})`;
  return undefined;
}
