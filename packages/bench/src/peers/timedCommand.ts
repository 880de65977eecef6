import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { preciseNow } from '../measure/clock';

/** GNU time: wall clock is measured by us; it reports the child's CPU and peak memory. */
const GNU_TIME = '/usr/bin/time';

export interface CommandRun {
  code: number;
  wallMs: number;
  /** User + system CPU of the command (and its children), when GNU time is installed. */
  cpuMs?: number;
  maxRssMb?: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command asynchronously (the event loop keeps serving meanwhile — the local servers may
 * live in this process) and measures it.
 */
export function runTimed(
  command: string,
  args: string[],
  /** `resources: false` spawns the command directly (no GNU time in between) when only wall time matters. */
  options: {
    env?: NodeJS.ProcessEnv;
    cwd?: string;
    keepStdout?: boolean;
    resources?: boolean;
  } = {},
): Promise<CommandRun> {
  const useTime = options.resources !== false && fs.existsSync(GNU_TIME);
  const timeFile = path.join(
    os.tmpdir(),
    `bench-time-${process.pid}-${Math.random().toString(36).slice(2)}`,
  );
  const [file, argv] = useTime
    ? [GNU_TIME, ['-f', '%U %S %M', '-o', timeFile, command, ...args]]
    : [command, args];
  return new Promise((resolve, reject) => {
    const started = preciseNow();
    const child = spawn(file, argv, {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    child.stdout.on('data', (c: Buffer) => {
      outBytes += c.length;
      if (options.keepStdout || outBytes < 64 * 1024) out.push(c);
    });
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', code => {
      const wallMs = preciseNow() - started;
      let cpuMs: number | undefined;
      let maxRssMb: number | undefined;
      if (useTime && fs.existsSync(timeFile)) {
        const last =
          fs.readFileSync(timeFile, 'utf8').trim().split('\n').pop() ?? '';
        const [user, system, rssKb] = last.split(' ').map(Number);
        if (Number.isFinite(user) && Number.isFinite(system))
          cpuMs = (user + system) * 1000;
        if (Number.isFinite(rssKb)) maxRssMb = rssKb / 1024;
        fs.rmSync(timeFile, { force: true });
      }
      resolve({
        code: code ?? -1,
        wallMs,
        cpuMs,
        maxRssMb,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}
