import { TestDatabases } from '@backstage/backend-test-utils';
import { useLocalInfrastructure } from '../../engine/integration/harness';
import {
  clusterVersusGit,
  desiredObjects,
} from '../__testUtils__/clusterState';
import { preferredDatabase } from '../__testUtils__/databases';
import { setupFaultApp } from '../__testUtils__/faultApp';
import { deleteNamespaces } from '../__testUtils__/names';
import { LeakCollector } from '../__testUtils__/leakScan';
import { makeDue, ReplicaOptions } from '../__testUtils__/replicas';

jest.setTimeout(60_000);

const KINDS = [{ apiVersion: 'v1', kind: 'ConfigMap' }];
const configMap = (name: string, value: string, wave?: number) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${
    wave === undefined
      ? ''
      : `  annotations: { gitops.backstage.io/sync-wave: "${wave}" }\n`
  }data: { value: "${value}" }\n`;
const KUBE_TIMEOUT_MS = 300;

describe('a partial apply', () => {
  const databases = TestDatabases.create();
  const infra = useLocalInfrastructure();
  const leaks = new LeakCollector();
  const databaseId = preferredDatabase(databases);
  const namespaces: string[] = [];
  afterAll(() => deleteNamespaces(infra.kube, namespaces));

  const setup = (
    name: string,
    files: Record<string, string>,
    attempts = 2,
    replicaOptions: Pick<ReplicaOptions, 'onCluster'> = {},
  ) =>
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
      replicaOptions,
    );

  afterEach(() => infra.kube.faults.clear());

  it('never prunes after a partial apply, and prunes once the apply completes', async () => {
    // the API server fails `second` only once it is really written: its server-side dry-run before
    // the first write passes, so wave 0 is applied and wave 1 fails (a partial apply)
    let armed = false;
    const { knex, store, ns, spec, replica } = await setup(
      'partial',
      {
        'app/first.yaml': configMap('first', 'one', 0),
        'app/leaving.yaml': configMap('leaving', 'one', 0),
      },
      2,
      {
        onCluster: cluster => {
          const apply = cluster.apply.bind(cluster);
          cluster.apply = async (obj, options) => {
            if (armed && !options?.dryRun && obj.metadata.name === 'second') {
              armed = false;
              infra.kube.faults.add({
                verb: 'apply',
                pathPattern: /\/configmaps\/second$/,
                kind: 'status500',
              });
            }
            return apply(obj, options);
          };
        },
      },
    );
    await replica.worker.drain();
    // wave 0 changes, wave 1 adds an object the API server keeps refusing, and `leaving` leaves Git
    await infra.git.commit(ns, {
      write: {
        'app/first.yaml': configMap('first', 'two', 0),
        'app/second.yaml': configMap('second', 'new', 1),
      },
      remove: ['app/leaving.yaml'],
    });
    armed = true;
    infra.kube.clearRequestLog();
    await makeDue(knex, [spec.id]);
    await replica.worker.drain();

    const [failed] = (
      await store.listHistory(
        { applicationId: spec.id },
        { offset: 0, limit: 1 },
      )
    ).items;
    expect(failed).toMatchObject({
      result: 'Failed',
      error: `ConfigMap ${ns}/second (app/second.yaml): an error on the server has prevented the request from succeeding (injected)`,
      counts: { updated: 1, pruned: 0 },
    });
    expect(
      (await infra.kube.cluster.get('v1', 'ConfigMap', ns, 'first'))?.data,
    ).toEqual({ value: 'two' });
    expect(
      await infra.kube.cluster.get('v1', 'ConfigMap', ns, 'leaving'),
    ).toBeDefined();
    expect(infra.kube.requestLog.filter(e => e.verb === 'delete')).toEqual([]);
    // the refused write really reached the proxy (and was retried), after its dry-run had passed
    expect(
      infra.kube.requestLog
        .filter(e => e.verb === 'apply' && e.name === 'second')
        .map(e => [e.dryRun, e.status]),
    ).toEqual([
      [true, 201],
      [false, 500],
      [false, 500],
    ]);
    expect((await store.getInventory(spec.id)).map(i => i.name).sort()).toEqual(
      ['first', 'leaving', ns, 'second'],
    );

    infra.kube.faults.clear();
    await makeDue(knex, [spec.id]);
    await replica.worker.drain();
    const [done] = (
      await store.listHistory(
        { applicationId: spec.id },
        { offset: 0, limit: 1 },
      )
    ).items;
    expect(done).toMatchObject({
      result: 'Succeeded',
      counts: { created: 1, pruned: 1 },
    });
    const desired = await desiredObjects(
      replica.source,
      replica.clusters.get('local')!,
      spec,
    );
    expect(
      await clusterVersusGit(infra.kube, store, spec, desired, KINDS),
    ).toEqual([]);
    await leaks.addDatabase('partial store', knex);
    await replica.stop();
  });

  it('a server error during the dry-run before the first write fails the sync with nothing written', async () => {
    const { knex, store, ns, spec, replica } = await setup('preflight', {
      'app/first.yaml': configMap('first', 'one', 0),
      'app/leaving.yaml': configMap('leaving', 'one', 0),
    });
    await replica.worker.drain();
    await infra.git.commit(ns, {
      write: {
        'app/first.yaml': configMap('first', 'two', 0),
        'app/second.yaml': configMap('second', 'new', 1),
      },
      remove: ['app/leaving.yaml'],
    });
    // every request for `second`, dry runs included, fails
    infra.kube.faults.add({
      verb: 'apply',
      pathPattern: /\/configmaps\/second$/,
      kind: 'status500',
    });
    infra.kube.clearRequestLog();
    await makeDue(knex, [spec.id]);
    await replica.worker.drain();

    const [failed] = (
      await store.listHistory(
        { applicationId: spec.id },
        { offset: 0, limit: 1 },
      )
    ).items;
    expect(failed.result).toBe('Failed');
    expect(failed.error).toBe(
      `ConfigMap ${ns}/second (app/second.yaml): an error on the server has prevented the request from succeeding (injected)`,
    );
    expect(
      infra.kube.requestLog
        .filter(e => e.verb === 'apply' && e.name === 'second')
        .map(e => [e.dryRun, e.status]),
    ).toEqual([
      [true, 500],
      [true, 500],
    ]);
    // nothing written, nothing pruned: `first` keeps its old value, `leaving` is still there
    expect(infra.kube.writes()).toEqual([]);
    expect(
      (await infra.kube.cluster.get('v1', 'ConfigMap', ns, 'first'))?.data,
    ).toEqual({ value: 'one' });
    expect(
      await infra.kube.cluster.get('v1', 'ConfigMap', ns, 'leaving'),
    ).toBeDefined();
    expect((await store.getApplication(spec.id))?.state.syncStatus).toBe(
      'Failed',
    );

    // the server recovers: the next reconcile applies and prunes
    infra.kube.faults.clear();
    await makeDue(knex, [spec.id]);
    await replica.worker.drain();
    const desired = await desiredObjects(
      replica.source,
      replica.clusters.get('local')!,
      spec,
    );
    expect(
      await clusterVersusGit(infra.kube, store, spec, desired, KINDS),
    ).toEqual([]);
    await leaks.addDatabase('preflight store', knex);
    await replica.stop();
  });

  it('leaks no Secret value into logs, history or status', () => {
    expect(leaks.findLeaks()).toEqual([]);
  });
});
