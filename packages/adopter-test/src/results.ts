import fs from 'node:fs';

export interface CheckResult {
  name: string;
  status: 'passed' | 'failed';
  message?: string;
  durationMs: number;
}

const log = (line: string) => process.stdout.write(`[adopter] ${line}\n`);

/**
 * One entry per check of the adopter test, printed as it goes and written in the Jest JSON shape
 * that test.sh's summary reads. A check whose prerequisite failed is recorded as failed with the
 * reason, so a broken step never shows as fewer checks.
 */
export class Checks {
  readonly results: CheckResult[] = [];

  async run<T>(name: string, check: () => Promise<T>): Promise<T | undefined> {
    const started = Date.now();
    try {
      const value = await check();
      const durationMs = Date.now() - started;
      this.results.push({ name, status: 'passed', durationMs });
      log(`✔ ${name} (${(durationMs / 1000).toFixed(1)} s)`);
      return value;
    } catch (error) {
      const message =
        error instanceof Error ? error.message : String(error ?? 'failed');
      const durationMs = Date.now() - started;
      this.results.push({ name, status: 'failed', message, durationMs });
      log(`✘ ${name}: ${message}`);
      return undefined;
    }
  }

  /** Records a check that could not run. */
  notRun(name: string, reason: string) {
    this.results.push({
      name,
      status: 'failed',
      message: `not run: ${reason}`,
      durationMs: 0,
    });
    log(`✘ ${name}: not run: ${reason}`);
  }

  get failed(): number {
    return this.results.filter(result => result.status === 'failed').length;
  }

  write(file: string) {
    const report = {
      testResults: [
        {
          name: 'adopter test',
          status: this.failed ? 'failed' : 'passed',
          assertionResults: this.results.map(result => ({
            fullName: `adopter ${result.name}`,
            status: result.status,
            failureMessages: result.message ? [result.message] : [],
            duration: result.durationMs,
          })),
        },
      ],
    };
    fs.writeFileSync(file, JSON.stringify(report, null, 2));
  }
}

export { log };
