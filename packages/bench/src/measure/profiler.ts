import fs from 'node:fs';
import { Session } from 'node:inspector';
import path from 'node:path';

/**
 * With BENCH_CPU_PROFILE_DIR set, `profiled` records a V8 CPU profile of one measured section
 * (open it in Chrome DevTools or any .cpuprofile viewer). With BENCH_ALLOCATION_PROFILE_DIR set it
 * records a sampling heap profile that keeps collected objects too (`.heapprofile`): where the
 * section allocates, garbage included, which is what grows the heap under load. Otherwise it only
 * runs the work.
 */
export async function profiled<T>(
  label: string,
  work: () => Promise<T>,
): Promise<T> {
  const cpuDir = process.env.BENCH_CPU_PROFILE_DIR;
  const allocationDir = process.env.BENCH_ALLOCATION_PROFILE_DIR;
  if (!cpuDir && !allocationDir) return work();
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<any>((resolve, reject) =>
      session.post(method, params ?? {}, (error, result) =>
        error ? reject(error) : resolve(result),
      ),
    );
  const save = (dir: string, extension: string, profile: unknown) => {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(
        dir,
        `${label.replace(/[^a-z0-9.-]+/gi, '_')}-${
          process.pid
        }-${Date.now()}.${extension}`,
      ),
      JSON.stringify(profile),
    );
  };
  if (cpuDir) {
    await post('Profiler.enable');
    await post('Profiler.setSamplingInterval', { interval: 500 });
    await post('Profiler.start');
  }
  if (allocationDir) {
    await post('HeapProfiler.enable');
    await post('HeapProfiler.startSampling', {
      samplingInterval: 64 * 1024,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
  }
  try {
    return await work();
  } finally {
    if (cpuDir)
      save(cpuDir, 'cpuprofile', (await post('Profiler.stop')).profile);
    if (allocationDir)
      save(
        allocationDir,
        'heapprofile',
        (await post('HeapProfiler.stopSampling')).profile,
      );
    session.disconnect();
  }
}
