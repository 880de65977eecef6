import { ChildProcess, fork } from 'node:child_process';

/** The TypeScript transform the Backstage CLI uses to run backend packages from source. */
const TRANSFORM = require.resolve('@backstage/cli/config/nodeTransform.cjs');

/**
 * Forks a TypeScript module with an IPC channel. The transform reports every file it loads to a
 * parent (`{ type: 'watch' }` messages); those are ignored by everyone listening here.
 */
export function forkTs(
  modulePath: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; execArgv?: string[] } = {},
): ChildProcess {
  return fork(modulePath, args, {
    execArgv: ['--require', TRANSFORM, ...(options.execArgv ?? [])],
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

export function isTransformNoise(message: unknown): boolean {
  return (
    typeof message === 'object' &&
    message !== null &&
    (message as { type?: unknown }).type === 'watch'
  );
}
