import { LoggerService } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import { GitOpsStore } from '../database/GitOpsStore';
import { ApplicationRecord } from '../database/types';
import { testApplicationSpec } from '../testUtils/applications';
import { ReconcileWorker } from './ReconcileWorker';

type Line = { level: string; message: string; meta: JsonObject };

/** A logger that keeps every line with the metadata of its child chain merged in. */
function capturingLogger(
  lines: Line[],
  inherited: JsonObject = {},
): LoggerService {
  const log = (level: string) => (message: string, meta?: Error | JsonObject) =>
    void lines.push({
      level,
      message,
      meta: { ...inherited, ...(meta instanceof Error ? {} : meta) },
    });
  return {
    child: meta => capturingLogger(lines, { ...inherited, ...meta }),
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
  };
}

const record = (id: string): ApplicationRecord =>
  ({
    spec: testApplicationSpec({ id }),
    specHash: 'h',
    suspended: false,
    nextReconcileAt: new Date(),
    failureCount: 0,
    state: { syncStatus: 'Unknown', health: 'Unknown' },
  } as ApplicationRecord);

describe('ReconcileWorker logging', () => {
  it('tags every line about an application with its id, including failures after the reconcile', async () => {
    const lines: Line[] = [];
    const apps = [
      record('component:default/a#dev'),
      record('component:default/b#dev'),
    ];
    let claimed = false;
    const store = {
      claimDueApplications: async () =>
        claimed ? [] : ((claimed = true), apps),
      interruptRunningSyncs: async () => 1,
      releaseApplication: async (id: string) => {
        if (id.includes('/b#')) throw new Error('database went away');
        return true;
      },
    } as unknown as GitOpsStore;
    const worker = new ReconcileWorker({
      store,
      logger: capturingLogger(lines),
      replica: 'r1',
      concurrency: 2,
      leaseMs: 30_000,
      pollIntervalMs: 60_000,
      progressingRecheckMs: 60_000,
      reconcile: async () => ({
        succeeded: true,
        state: { syncStatus: 'Synced', health: 'Healthy' },
      }),
      onOutcome: async () => {
        throw new Error('signal service down');
      },
    });

    await worker.drain();

    // a: interrupted + outcome handler failure; b: interrupted + release failure (no unhandled rejection)
    expect(
      lines
        .map(l => [l.level, l.meta.applicationId, l.message.replace(/:.*/, '')])
        .sort(),
    ).toEqual([
      ['error', 'component:default/b#dev', 'Reconcile of component'],
      [
        'warn',
        'component:default/a#dev',
        'Marked 1 unfinished sync(s) of component',
      ],
      ['warn', 'component:default/a#dev', 'Outcome handler failed'],
      [
        'warn',
        'component:default/b#dev',
        'Marked 1 unfinished sync(s) of component',
      ],
    ]);
  });
});
