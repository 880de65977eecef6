import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { KUBECTL_PATH } from '@internal/local-infra';

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

/**
 * The process group of a process (field 5 of /proc/<pid>/stat), e.g. the local control plane's:
 * its supervisor (etcd, simulated nodes) and the kube-apiserver, kube-controller-manager and
 * kube-scheduler it runs.
 */
export function processGroupOf(pid: number): number | undefined {
  try {
    const fields = fs
      .readFileSync(`/proc/${pid}/stat`, 'utf8')
      .split(') ')[1]
      .split(' ');
    return Number(fields[2]);
  } catch {
    return undefined;
  }
}

/** CPU seconds so far of every process of a process group (user + system, children included). */
export function processGroupCpuSeconds(pgid: number): number | undefined {
  let ticks = 0;
  let found = false;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = fs
        .readFileSync(`/proc/${entry}/stat`, 'utf8')
        .split(') ')[1]
        .split(' ');
      if (Number(fields[2]) !== pgid) continue;
      found = true;
      ticks += [11, 12, 13, 14]
        .map(i => Number(fields[i]))
        .reduce((a, b) => a + b, 0);
    } catch {
      // gone meanwhile
    }
  }
  return found ? ticks / 100 : undefined;
}

export interface LoadWatch {
  /**
   * Load averages sampled every 10 s, and how much CPU the suite, the cluster it runs on and other
   * processes used meanwhile.
   */
  stop(): {
    samples: number[];
    othersCpuSeconds?: number;
    machineCpuSeconds?: number;
    ownCpuSeconds?: number;
    /** The cluster's processes on this machine (the local control plane), when they were found. */
    clusterCpuSeconds?: number;
  };
}

/**
 * Samples the machine's load while the suite runs, to say how busy it was besides us. The cluster
 * is not a child of this process (bench.sh starts it, or it is brought by the user): when its
 * process group is given, its CPU is counted apart rather than as other processes'.
 */
export function watchLoad(options: { clusterPgid?: number } = {}): LoadWatch {
  const samples = [os.loadavg()[0]];
  const timer = setInterval(() => samples.push(os.loadavg()[0]), 10_000);
  const clusterCpu = () =>
    options.clusterPgid === undefined
      ? undefined
      : processGroupCpuSeconds(options.clusterPgid);
  const start = machineJiffies();
  const ownStart = ownTreeCpuSeconds();
  const clusterStart = clusterCpu();
  return {
    stop() {
      clearInterval(timer);
      samples.push(os.loadavg()[0]);
      const end = machineJiffies();
      const ownEnd = ownTreeCpuSeconds();
      const clusterEnd = clusterCpu();
      if (!start || !end || ownStart === undefined || ownEnd === undefined)
        return { samples };
      const machineCpuSeconds = (end.busy - start.busy) / 100;
      const ownCpuSeconds = ownEnd - ownStart;
      const clusterCpuSeconds =
        clusterStart !== undefined && clusterEnd !== undefined
          ? clusterEnd - clusterStart
          : undefined;
      return {
        samples,
        machineCpuSeconds,
        ownCpuSeconds,
        clusterCpuSeconds,
        othersCpuSeconds: Math.max(
          0,
          machineCpuSeconds - ownCpuSeconds - (clusterCpuSeconds ?? 0),
        ),
      };
    },
  };
}

/** What the numbers were measured on. */
export async function describeMachine(): Promise<Record<string, string>> {
  const kubectl = await output(KUBECTL_PATH, [
    'version',
    '--client',
    '-o',
    'json',
  ]);
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
