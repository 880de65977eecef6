import { Knex } from 'knex';
import { RecordingLogger } from './recordingLogger';

/**
 * Secret values used by every fixture of the suite that carries a Secret. None of them may ever
 * appear, raw or base64-encoded, in an API response, a log line, a history row, a stored status
 * or a diff.
 */
export const SUITE_SECRETS = [
  'r3silience-api-key-9f1c2b',
  'r3silience-db-password-77aa01',
  'r3silience-token-x5q2zz',
] as const;

const b64 = (value: string) => Buffer.from(value).toString('base64');

/** A Secret manifest holding the suite's secret values (as `data`, the form the API server stores). */
export function secretManifest(
  name: string,
  values: readonly string[] = SUITE_SECRETS,
): string {
  const data = values.map((v, i) => `  key${i}: ${b64(v)}`).join('\n');
  return `apiVersion: v1\nkind: Secret\nmetadata: { name: ${name} }\ntype: Opaque\ndata:\n${data}\n`;
}

const TABLES = [
  'gitops_applications',
  'gitops_sync_history',
  'gitops_inventory',
  'gitops_onboarding_errors',
];

/**
 * Collects everything a test file's engine, store and API produced, then looks for the suite's
 * Secret values in all of it. Each file adds its outputs as it goes and scans in its last test.
 */
export class LeakCollector {
  private readonly texts: Array<{ where: string; text: string }> = [];
  private readonly loggers: Array<{ where: string; logger: RecordingLogger }> =
    [];

  addText(where: string, text: string) {
    this.texts.push({ where, text });
  }

  addValue(where: string, value: unknown) {
    this.addText(where, JSON.stringify(value) ?? '');
  }

  /** Log lines are read at scan time, so everything logged until then counts. */
  addLogger(where: string, logger: RecordingLogger) {
    this.loggers.push({ where, logger });
  }

  /** Every row the plugin stored: applications (status, resources, diffs), history, inventory, errors. */
  async addDatabase(where: string, knex: Knex) {
    for (const table of TABLES) {
      const rows = await knex(table).select();
      this.addValue(`${where}/${table}`, rows);
    }
  }

  /** How much text was collected, so a test can prove the scan looked at something. */
  size(): number {
    return this.all().reduce((n, t) => n + t.text.length, 0);
  }

  private all() {
    return [
      ...this.texts,
      ...this.loggers.map(({ where, logger }) => ({
        where,
        text: JSON.stringify(logger.lines),
      })),
    ];
  }

  /** `where: value (form)` for every Secret value found. */
  findLeaks(values: readonly string[] = SUITE_SECRETS): string[] {
    const leaks: string[] = [];
    for (const { where, text } of this.all()) {
      for (const value of values) {
        if (text.includes(value)) leaks.push(`${where}: ${value} (raw)`);
        if (text.includes(b64(value)))
          leaks.push(`${where}: ${value} (base64)`);
      }
    }
    return leaks;
  }
}
