import { preciseNow } from './clock';
import { profiled } from './profiler';

/** Wall time, CPU time and peak memory of this process while `work` runs. */
export interface Measured<T> {
  value: T;
  wallMs: number;
  cpuMs: number;
  /** Highest RSS seen (sampled every 20 ms and at both ends), MB. */
  peakRssMb: number;
}

const MB = 1024 * 1024;

/**
 * Measures `work` in this process. Nothing else may run in the process meanwhile for the CPU
 * figure to be the work's own: the scenarios await each step, and the servers live elsewhere.
 */
export async function measure<T>(
  label: string,
  work: () => Promise<T>,
): Promise<Measured<T>> {
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  const cpu0 = process.cpuUsage();
  const t0 = preciseNow();
  try {
    const value = await profiled(label, work);
    const wallMs = preciseNow() - t0;
    const cpu = process.cpuUsage(cpu0);
    peak = Math.max(peak, process.memoryUsage.rss());
    return {
      value,
      wallMs,
      cpuMs: (cpu.user + cpu.system) / 1000,
      peakRssMb: peak / MB,
    };
  } finally {
    clearInterval(sampler);
  }
}
