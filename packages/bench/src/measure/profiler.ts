import fs from 'node:fs';
import { Session } from 'node:inspector';
import path from 'node:path';

/**
 * With BENCH_CPU_PROFILE_DIR set, `profiled` records a V8 CPU profile of one measured section
 * (open it in Chrome DevTools or any .cpuprofile viewer); otherwise it only runs the work.
 */
export async function profiled<T>(
  label: string,
  work: () => Promise<T>,
): Promise<T> {
  const dir = process.env.BENCH_CPU_PROFILE_DIR;
  if (!dir) return work();
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<any>((resolve, reject) =>
      session.post(method, params ?? {}, (error, result) =>
        error ? reject(error) : resolve(result),
      ),
    );
  await post('Profiler.enable');
  await post('Profiler.setSamplingInterval', { interval: 500 });
  await post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await post('Profiler.stop');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(
        dir,
        `${label.replace(/[^a-z0-9.-]+/gi, '_')}-${
          process.pid
        }-${Date.now()}.cpuprofile`,
      ),
      JSON.stringify(profile),
    );
    session.disconnect();
  }
}
