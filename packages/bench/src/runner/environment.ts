import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { KUBECTL } from '../peers/kubectl';

/** Busy and total CPU jiffies of the whole machine, from /proc/stat (Linux). */
function machineJiffies(): { busy: number; total: number } | undefined {
  try {
    const cpu = fs
      .readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const idle = cpu[3] + (cpu[4] ?? 0);
    const total = cpu.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
}

/** CPU seconds of this process plus every descendant it has waited for (/proc/self/stat). */
function ownTreeCpuSeconds(): number | undefined {
  try {
    const fields = fs
      .readFileSync('/proc/self/stat', 'utf8')
      .split(') ')[1]
      .split(' ');
    // after "pid (comm) ": state is field 3, so utime=14, stime=15, cutime=16, cstime=17 → indexes 11..14
    const ticks = [11, 12, 13, 14]
      .map(i => Number(fields[i]))
      .reduce((a, b) => a + b, 0);
    return ticks / 100;
  } catch {
    return undefined;
  }
}

function output(command: string, args: string[]): Promise<string> {
  return new Promise(resolve => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', c => chunks.push(c));
    child.on('error', () => resolve(''));
    child.on('close', () =>
      resolve(Buffer.concat(chunks).toString('utf8').trim()),
    );
  });
}

export interface LoadWatch {
  /** Load averages sampled every 10 s, and how much CPU other processes used meanwhile. */
  stop(): {
    samples: number[];
    othersCpuSeconds?: number;
    machineCpuSeconds?: number;
    ownCpuSeconds?: number;
  };
}

/** Samples the machine's load while the suite runs, to say how busy it was besides us. */
export function watchLoad(): LoadWatch {
  const samples = [os.loadavg()[0]];
  const timer = setInterval(() => samples.push(os.loadavg()[0]), 10_000);
  const start = machineJiffies();
  const ownStart = ownTreeCpuSeconds();
  return {
    stop() {
      clearInterval(timer);
      samples.push(os.loadavg()[0]);
      const end = machineJiffies();
      const ownEnd = ownTreeCpuSeconds();
      if (!start || !end || ownStart === undefined || ownEnd === undefined)
        return { samples };
      const machineCpuSeconds = (end.busy - start.busy) / 100;
      const ownCpuSeconds = ownEnd - ownStart;
      return {
        samples,
        machineCpuSeconds,
        ownCpuSeconds,
        othersCpuSeconds: Math.max(0, machineCpuSeconds - ownCpuSeconds),
      };
    },
  };
}

/** What the numbers were measured on. */
export async function describeMachine(): Promise<Record<string, string>> {
  const kubectl = await output(KUBECTL, ['version', '--client', '-o', 'json']);
  let kubectlVersion = '';
  try {
    kubectlVersion = JSON.parse(kubectl).clientVersion.gitVersion;
  } catch {
    kubectlVersion = 'unknown';
  }
  return {
    CPU: `${os.cpus()[0]?.model ?? 'unknown'} × ${os.cpus().length}`,
    memory: `${Math.round(os.totalmem() / 2 ** 30)} GiB`,
    OS: os.type(),
    Node: process.version,
    kubectl: kubectlVersion,
    git: (await output('git', ['--version'])).replace('git version ', ''),
  };
}
