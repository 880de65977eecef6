import { spawn } from 'node:child_process';
import fs from 'node:fs';

export interface CommandResult {
  code: number;
  output: string;
}

/** The last lines of a command's output: enough to see why it failed. */
export function tail(output: string, lines = 25): string {
  return output.trimEnd().split('\n').slice(-lines).join('\n');
}

/**
 * Runs a shell command line (as an adopter types it) and collects its output; appends everything
 * to `logFile` when given. Resolves with the exit code, never rejects on a non-zero one.
 */
export function runCommand(
  commandLine: string,
  options: { cwd: string; env?: NodeJS.ProcessEnv; logFile?: string },
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', commandLine], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (options.logFile) fs.appendFileSync(options.logFile, chunk);
    };
    if (options.logFile) {
      fs.appendFileSync(
        options.logFile,
        `\n$ (cd ${options.cwd} && ${commandLine})\n`,
      );
    }
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', code => resolve({ code: code ?? 1, output }));
  });
}

/** As runCommand, but a non-zero exit is an error carrying the output's tail. */
export async function mustRun(
  commandLine: string,
  options: { cwd: string; env?: NodeJS.ProcessEnv; logFile?: string },
): Promise<string> {
  const result = await runCommand(commandLine, options);
  if (result.code !== 0) {
    throw new Error(
      `'${commandLine}' in ${options.cwd} exited with code ${
        result.code
      }:\n${tail(result.output)}`,
    );
  }
  return result.output;
}
