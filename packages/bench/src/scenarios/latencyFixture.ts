import { ApplicationRecord } from '@backstage-gitops/plugin-gitops-backend/testUtils';
import { ReconcileOutcome } from '@backstage-gitops/plugin-gitops-backend/testUtils';
import { BenchDatabase } from '../engine/database';
import { benchAppSpec, createReplica, Replica } from '../engine/replica';
import { Infra } from '../infra/infraClient';
import { appManifestFiles, markerConfigMap } from '../workload/manifests';
import { ScenarioContext } from './context';

export const MARKER = 'bench-marker';

/**
 * One application of 20 objects (19 + a marker ConfigMap) synced once, with a running worker.
 * A sample commits a new marker value; "applied" is the moment the API server holds it.
 */
export interface LatencyFixture {
  infra: Infra;
  db: BenchDatabase;
  replica: Replica;
  repo: string;
  namespace: string;
  appId: string;
  /** Commits marker value `value`; resolves when the Git server has the commit. */
  commitMarker(value: string): Promise<string>;
  /** Resolves with the epoch time (ms) when the API server first holds marker value `value`. */
  appliedAt(value: string, timeoutMs: number): Promise<number>;
  /** Resolves when the worker finished `count` reconciles in total. */
  reconciled(count: number): Promise<void>;
  outcomes: Array<{
    at: number;
    app: ApplicationRecord;
    outcome: ReconcileOutcome;
  }>;
  dispose(): Promise<void>;
}

export async function createLatencyFixture(
  ctx: ScenarioContext,
  options: { label: string; intervalSeconds: number; pollIntervalMs?: number },
): Promise<LatencyFixture> {
  const infra = await ctx.infra();
  const db = await ctx.database(options.label);
  const repo = `latency-${options.label}`;
  const namespace = await infra.createNamespace(`latency-${options.label}`);
  await infra.seedRepo(repo, {
    ...appManifestFiles({ objects: 19 }),
    'marker.yaml': markerConfigMap(MARKER, '0'),
  });
  const outcomes: LatencyFixture['outcomes'] = [];
  const waiters: Array<{ count: number; resolve: () => void }> = [];
  const replica = createReplica(db.store, infra.info, {
    pollIntervalMs: options.pollIntervalMs,
    onOutcome: (app, outcome) => {
      outcomes.push({ at: Date.now(), app, outcome });
      for (const w of waiters.filter(x => outcomes.length >= x.count)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    },
  });
  const spec = benchAppSpec({
    id: `latency-${options.label}`,
    repoUrl: infra.repoUrl(repo),
    path: '.',
    namespace,
    intervalSeconds: options.intervalSeconds,
  });
  await db.store.replaceApplications(
    { origin: 'catalog', entityRef: spec.entityRef! },
    [{ spec }],
  );
  await replica.worker.drain();
  const fixture: LatencyFixture = {
    infra,
    db,
    replica,
    repo,
    namespace,
    appId: spec.id,
    outcomes,
    commitMarker: value =>
      infra.commit(repo, { 'marker.yaml': markerConfigMap(MARKER, value) }),
    appliedAt: (value, timeoutMs) =>
      infra.waitFor({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        namespace,
        name: MARKER,
        path: 'data.revision',
        value,
        timeoutMs,
      }),
    reconciled: count =>
      outcomes.length >= count
        ? Promise.resolve()
        : new Promise(resolve => waiters.push({ count, resolve })),
    dispose: () => replica.dispose(),
  };
  return fixture;
}

export const sleep = (ms: number) =>
  new Promise(resolve => setTimeout(resolve, ms));
