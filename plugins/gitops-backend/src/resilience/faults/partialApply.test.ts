import { TestDatabases } from '@backstage/backend-test-utils';
import { useLocalInfrastructure } from '../../engine/integration/harness';
import {
  clusterVersusGit,
  desiredObjects,
} from '../__testUtils__/clusterState';
import { preferredDatabase } from '../__testUtils__/databases';
import { setupFaultApp } from '../__testUtils__/faultApp';
import { LeakCollector } from '../__testUtils__/leakScan';
import { makeDue } from '../__testUtils__/replicas';

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

  const setup = (name: string, files: Record<string, string>, attempts = 2) =>
    setupFaultApp({ databases, databaseId, infra, leaks, kubeTimeoutMs: KUBE_TIMEOUT_MS }, name, files, attempts);

  afterEach(() => infra.kube.faults.clear());

  it('never prunes after a partial apply, and prunes once the apply completes', async () => {
    const { knex, store, ns, spec, replica } = await setup('partial', {
      'app/first.yaml': configMap('first', 'one', 0),
      'app/leaving.yaml': configMap('leaving', 'one', 0),
    });
    await replica.worker.drain();
    // wave 0 changes, wave 1 adds an object the API server keeps refusing, and `leaving` leaves Git
    await infra.git.commit(ns, {
      write: {
        'app/first.yaml': configMap('first', 'two', 0),
        'app/second.yaml': configMap('second', 'new', 1),
      },
      remove: ['app/leaving.yaml'],
    });
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
    expect(failed).toMatchObject({
      result: 'Failed',
      error: `ConfigMap ${ns}/second: Internal error occurred: injected fault`,
      counts: { updated: 1, pruned: 0 },
    });
    expect(
      infra.kube.cluster.get('v1', 'ConfigMap', ns, 'first')?.data,
    ).toEqual({ value: 'two' });
    expect(
      infra.kube.cluster.get('v1', 'ConfigMap', ns, 'leaving'),
    ).toBeDefined();
    expect(infra.kube.requestLog.filter(e => e.verb === 'delete')).toEqual([]);
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

  it('leaks no Secret value into logs, history or status', () => {
    expect(leaks.findLeaks()).toEqual([]);
  });
});
