import { TestDatabases } from '@backstage/backend-test-utils';
import { useLocalInfrastructure } from '../../engine/integration/harness';
import {
  clusterVersusGit,
  desiredObjects,
} from '../__testUtils__/clusterState';
import { preferredDatabase } from '../__testUtils__/databases';
import { setupFaultApp } from '../__testUtils__/faultApp';
import { historyProblems, historyRows } from '../__testUtils__/historyAudit';
import { deleteNamespaces } from '../__testUtils__/names';
import { LeakCollector, secretManifest } from '../__testUtils__/leakScan';
import { makeDue } from '../__testUtils__/replicas';

jest.setTimeout(180_000);

const KUBE_TIMEOUT_MS = 300;
const KINDS = [
  { apiVersion: 'v1', kind: 'ConfigMap' },
  { apiVersion: 'v1', kind: 'Secret' },
  { apiVersion: 'v1', kind: 'Service' },
  { apiVersion: 'apps/v1', kind: 'Deployment' },
];
const configMap = (name: string, value: string, wave?: number) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${
    wave === undefined
      ? ''
      : `  annotations: { gitops.backstage.io/sync-wave: "${wave}" }\n`
  }data: { value: "${value}" }\n`;
const deployment = (image: string) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: web, image: "${image}" }] }
`;
const service =
  'apiVersion: v1\nkind: Service\nmetadata: { name: web }\nspec: { selector: { app: web }, ports: [{ port: 80 }] }\n';

/** The repository at generation `g`: changed values, one ConfigMap added and one removed per generation. */
function generation(g: number): {
  write: Record<string, string>;
  remove: string[];
} {
  const write: Record<string, string> = {
    'app/deployment.yaml': deployment(`web:${g}`),
    'app/service.yaml': service,
    'app/secret.yaml': secretManifest('credentials'),
  };
  for (let i = g; i < g + 6; i++)
    write[`app/cm-${i}.yaml`] = configMap(`cm-${i}`, `g${g}`);
  return { write, remove: g > 0 ? [`app/cm-${g - 1}.yaml`] : [] };
}

describe('Kubernetes API faults during syncs', () => {
  const databases = TestDatabases.create();
  const infra = useLocalInfrastructure();
  const leaks = new LeakCollector();
  const databaseId = preferredDatabase(databases);
  const namespaces: string[] = [];
  afterAll(() => deleteNamespaces(infra.kube, namespaces));

  const setup = (name: string, files: Record<string, string>, attempts = 2) =>
    setupFaultApp(
      {
        databases,
        databaseId,
        infra,
        leaks,
        kubeTimeoutMs: KUBE_TIMEOUT_MS,
        namespaces,
      },
      name,
      files,
      attempts,
    );

  afterEach(() => infra.kube.faults.clear());

  it(`survives 429 (Retry-After), 500, timeouts and resets on ~20% of requests, and ends equal to Git`, async () => {
    const { knex, store, ns, spec, logger, replica } = await setup(
      'flaky',
      generation(0).write,
    );
    await replica.worker.drain();
    expect((await store.getApplication(spec.id))?.state.syncStatus).toBe(
      'Synced',
    );

    // every request, reads and writes alike, has a one-in-five chance of meeting one of the four faults
    infra.kube.faults.add({
      kind: 'status429',
      retryAfterSeconds: 1,
      probability: 0.05,
    });
    infra.kube.faults.add({ kind: 'status500', probability: 0.05 });
    infra.kube.faults.add({ kind: 'reset', probability: 0.05 });
    infra.kube.faults.add({
      kind: 'latency',
      latencyMs: KUBE_TIMEOUT_MS * 4,
      probability: 0.05,
    });
    const outcomes = { Succeeded: 0, Failed: 0 };
    let faulted = 0;
    for (let g = 1; g <= 3; g++) {
      const sha = await infra.git.commit(ns, generation(g), {
        message: `generation ${g}`,
      });
      for (let attempt = 0; attempt < 3; attempt++) {
        const seen = new Set((await historyRows(knex, spec.id)).map(r => r.id));
        infra.kube.clearRequestLog();
        await makeDue(knex, [spec.id]);
        await replica.worker.drain();
        const fresh = (await historyRows(knex, spec.id)).filter(
          r => !seen.has(r.id),
        );
        expect(
          fresh.filter(r => r.result !== 'Succeeded' && r.result !== 'Failed'),
        ).toEqual([]);
        fresh.forEach(row => outcomes[row.result as 'Succeeded' | 'Failed']++);
        // a sync that did not apply everything never prunes: no pruned outcome, not one DELETE even attempted
        const failed = fresh.filter(r => r.result === 'Failed');
        expect(
          failed.flatMap(r =>
            (
              JSON.parse(r.resources ?? '[]') as Array<{ action: string }>
            ).filter(o => o.action === 'pruned'),
          ),
        ).toEqual([]);
        expect(
          failed.length > 0
            ? infra.kube.requestLog.filter(e => e.verb === 'delete')
            : [],
        ).toEqual([]);
        expect(
          await historyProblems(knex, {
            startedSyncIds: logger.startedSyncIds(),
          }),
        ).toEqual([]);
        faulted += infra.kube.requestLog.filter(
          e => e.status === 0 || e.status === 429 || e.status === 500,
        ).length;
        const state = (await store.getApplication(spec.id))?.state;
        if (state?.syncStatus === 'Synced' && state.revision === sha) break;
      }
    }
    infra.kube.faults.clear();
    // a request the client gave up on is still carried out by the server once its delay ends
    await new Promise(r => setTimeout(r, KUBE_TIMEOUT_MS * 4 + 200));

    // faults over: the next reconciles converge on the last commit (self-heal takes back any late write)
    for (let attempt = 0; attempt < 3; attempt++) {
      await makeDue(knex, [spec.id]);
      await replica.worker.drain();
      const record = await store.getApplication(spec.id);
      if (
        record?.state.syncStatus === 'Synced' &&
        record.state.revision === (await infra.git.headSha(ns))
      )
        break;
    }
    const record = await store.getApplication(spec.id);
    expect(record?.state).toMatchObject({
      syncStatus: 'Synced',
      revision: await infra.git.headSha(ns),
    });
    const desired = await desiredObjects(
      replica.source,
      replica.clusters.get('local')!,
      spec,
    );
    expect(desired).toHaveLength(10);
    expect(
      await clusterVersusGit(infra.kube, store, spec, desired, KINDS),
    ).toEqual([]);
    expect(
      await historyProblems(knex, { startedSyncIds: logger.startedSyncIds() }),
    ).toEqual([]);
    // the faults really were met
    expect(faulted).toBeGreaterThan(0);
    expect(outcomes.Succeeded + outcomes.Failed).toBeGreaterThan(0);
    await leaks.addDatabase('flaky store', knex);
    await replica.stop();
  });

  it('honours Retry-After and rides out timeouts by retrying the same request', async () => {
    const { knex, store, ns, spec, replica } = await setup(
      'retry',
      { 'app/cm.yaml': configMap('cm', 'one') },
      3,
    );
    await replica.worker.drain();
    await infra.git.commit(ns, {
      write: {
        'app/cm.yaml': configMap('cm', 'two'),
        'app/extra.yaml': configMap('extra', 'new'),
      },
    });
    infra.kube.clearRequestLog();
    infra.kube.faults.add({
      verb: 'apply',
      pathPattern: /\/configmaps\/extra$/,
      kind: 'status429',
      retryAfterSeconds: 1,
      times: 1,
    });
    infra.kube.faults.add({
      verb: 'apply',
      pathPattern: /\/configmaps\/cm$/,
      kind: 'latency',
      latencyMs: KUBE_TIMEOUT_MS * 3,
      times: 2,
    });
    await makeDue(knex, [spec.id]);
    await replica.worker.drain();

    expect((await store.getApplication(spec.id))?.state.syncStatus).toBe(
      'Synced',
    );
    const extra = infra.kube.requestLog.filter(
      e => e.verb === 'apply' && e.name === 'extra',
    );
    // the first request for `extra` is the server-side dry-run before the first write: it meets the
    // 429, is asked again, then the object is written
    expect(extra.map(e => [e.dryRun, e.status])).toEqual([
      [true, 429],
      [true, 201],
      [false, 201],
    ]);
    // the client waited at least the announced second (less its ±25% jitter) before trying again
    expect(
      Date.parse(extra[1].time) - Date.parse(extra[0].time),
    ).toBeGreaterThanOrEqual(750);
    const cm = infra.kube.requestLog.filter(
      e => e.verb === 'apply' && e.name === 'cm',
    );
    expect(cm.length).toBeGreaterThanOrEqual(2); // the dry run and apply that timed out were asked again
    expect(
      (await infra.kube.cluster.get('v1', 'ConfigMap', ns, 'cm'))?.data,
    ).toEqual({ value: 'two' });
    expect(
      (await infra.kube.cluster.get('v1', 'ConfigMap', ns, 'extra'))?.data,
    ).toEqual({ value: 'new' });
    await replica.stop();
  });

  it('leaks no Secret value into logs, history or status', () => {
    expect(leaks.size()).toBeGreaterThan(0);
    expect(leaks.findLeaks()).toEqual([]);
  });
});
