import fs from 'node:fs';
import { CpuSample } from './protocol';

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ: 100 on Linux). */
const TICKS_PER_SECOND = 100;

/**
 * The kube-apiserver process that serves `server` on this machine: the local control plane runs
 * it as `local-controlplane kube-apiserver … --secure-port=<port>`, kind and the like as
 * `kube-apiserver … --secure-port=<port>` (in a container, not visible here). Undefined when no
 * process of this machine matches, e.g. a remote cluster.
 */
export function findApiServerPid(server: URL): number | undefined {
  const port = server.port || '443';
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let argv: string[];
    try {
      argv = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // gone meanwhile, or not ours to read
    }
    // the binary itself, or its first argument (the local control plane's component name)
    const isApiServer = argv
      .slice(0, 2)
      .some(arg => arg === 'kube-apiserver' || arg.endsWith('/kube-apiserver'));
    if (isApiServer && argv.includes(`--secure-port=${port}`))
      return Number(entry);
  }
  return undefined;
}

/** User and system CPU of a process so far, from /proc/<pid>/stat; NaN when it cannot be read. */
export function processCpu(pid: number | undefined): CpuSample {
  if (pid === undefined) return { userMs: NaN, systemMs: NaN };
  try {
    // after "pid (comm) " the state is field 3, so utime (14) and stime (15) are at indexes 11 and 12
    const fields = fs
      .readFileSync(`/proc/${pid}/stat`, 'utf8')
      .split(') ')[1]
      .split(' ');
    return {
      userMs: (Number(fields[11]) * 1000) / TICKS_PER_SECOND,
      systemMs: (Number(fields[12]) * 1000) / TICKS_PER_SECOND,
    };
  } catch {
    return { userMs: NaN, systemMs: NaN };
  }
}
