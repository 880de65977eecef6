import { spawn } from 'node:child_process';
import { isolatedGitEnv } from './gitCli';

/**
 * Test support: runs the git CLI as a client would, isolated from the user's
 * configuration and never prompting, and reports the outcome instead of throwing.
 */
export interface GitCliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const CLIENT_IDENTITY = {
  GIT_AUTHOR_NAME: 'Client',
  GIT_AUTHOR_EMAIL: 'client@example.invalid',
  GIT_COMMITTER_NAME: 'Client',
  GIT_COMMITTER_EMAIL: 'client@example.invalid',
};

export function gitCli(
  args: string[],
  opts: { cwd?: string; env?: Record<string, string> } = {},
): Promise<GitCliResult> {
  return new Promise((resolveResult, reject) => {
    const child = spawn('git', ['-c', 'protocol.version=2', ...args], {
      cwd: opts.cwd,
      env: isolatedGitEnv({ ...CLIENT_IDENTITY, ...opts.env }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', chunk => (stdout += chunk));
    child.stderr.on('data', chunk => (stderr += chunk));
    child.on('error', reject);
    child.on('close', code => resolveResult({ code, stdout, stderr }));
  });
}

/** Like gitCli, but rejects with git's own message when the command fails. */
export async function gitCliOk(
  args: string[],
  opts: { cwd?: string; env?: Record<string, string> } = {},
): Promise<string> {
  const result = await gitCli(args, opts);
  if (result.code !== 0) {
    throw new Error(
      `git ${args.join(' ')} exited ${result.code}: ${result.stderr}`,
    );
  }
  return result.stdout.trim();
}
