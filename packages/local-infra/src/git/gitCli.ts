import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';

/**
 * Environment for every git process we start: the user's and the system's
 * git configuration are ignored (no signing, credential helpers, hooks paths
 * or autocrlf leaking in), and no GIT_* variable of the parent is inherited.
 */
export function isolatedGitEnv(
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/nonexistent',
    LANG: 'C',
    LC_ALL: 'C',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_TERMINAL_PROMPT: '0',
    // Paths we pass are file names, never pathspec magic such as ':(exclude)'.
    GIT_LITERAL_PATHSPECS: '1',
    ...extra,
  };
}

let cachedBackendPath: string | undefined;

/** The CGI program shipped with the installed git. */
export function httpBackendPath(): string {
  if (!cachedBackendPath) {
    const execPath = execFileSync('git', ['--exec-path'], {
      env: isolatedGitEnv(),
    })
      .toString('utf8')
      .trim();
    cachedBackendPath = join(execPath, 'git-http-backend');
  }
  return cachedBackendPath;
}

export class GitCommandError extends Error {
  constructor(
    readonly args: string[],
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(`git ${args.join(' ')} failed (exit ${exitCode}): ${stderr.trim()}`);
    this.name = 'GitCommandError';
  }
}

export interface RunGitOptions {
  gitDir?: string;
  cwd?: string;
  env?: Record<string, string>;
  input?: string | Buffer;
}

/** Runs git to completion and returns stdout as bytes; rejects on a non-zero exit. */
export function runGit(
  args: string[],
  options: RunGitOptions = {},
): Promise<Buffer> {
  const env = isolatedGitEnv({
    ...(options.gitDir ? { GIT_DIR: options.gitDir } : {}),
    ...options.env,
  });
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd: options.cwd, env, stdio: 'pipe' });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', code => {
      if (code === 0) resolve(Buffer.concat(out));
      else
        reject(
          new GitCommandError(args, code, Buffer.concat(err).toString('utf8')),
        );
    });
    // git may exit before reading all of stdin (e.g. on a bad argument).
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
  });
}

/** Like runGit, but trims the textual output. */
export async function runGitText(
  args: string[],
  options: RunGitOptions = {},
): Promise<string> {
  return (await runGit(args, options)).toString('utf8').trim();
}
