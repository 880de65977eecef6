import { OWNERSHIP } from '@backstage-gitops/plugin-gitops-common';
import { TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseGitOpsStore } from '../../database/GitOpsStore';
import { appLabelValue } from '../../engine/apply/ownership';
import {
  namespacedAppSpec,
  localConfig,
  useLocalInfrastructure,
} from '../../engine/integration/harness';
import { preferredDatabase } from '../__testUtils__/databases';
import { deleteNamespaces, uniqueName } from '../__testUtils__/names';
import { createTestReplica, makeDue } from '../__testUtils__/replicas';

jest.setTimeout(60_000);

const configMap = (name: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: ${name} }\ndata: { key: value }\n`;

describe('prune never touches an object without the application’s ownership marker', () => {
  const databases = TestDatabases.create();
  const infra = useLocalInfrastructure();
  const namespaces: string[] = [];
  afterAll(() => deleteNamespaces(infra.kube, namespaces));

  it('deletes only what left Git and still names this application; everything else stays', async () => {
    const knex = await databases.init(preferredDatabase(databases));
    const store = await DatabaseGitOpsStore.create({ knex });
    const ns = uniqueName('prune-ownership');
    namespaces.push(ns);
    const names = ['ours', 'unmarked', 'other-app', 'label-only', 'kept-out'];
    await infra.git.seedRepo(ns, {
      'app/namespace.yaml': `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${ns} }\n`,
      'app/stays.yaml': configMap('stays'),
      ...Object.fromEntries(names.map(n => [`app/${n}.yaml`, configMap(n)])),
    });
    const spec = namespacedAppSpec(infra.git, ns);
    await store.replaceApplications(
      { origin: 'catalog', entityRef: spec.entityRef! },
      [{ spec }],
    );
    const replica = createTestReplica(store, localConfig(infra), {
      replica: 'replica-a',
    });
    await replica.worker.drain();
    const client = replica.clusters.get('local')!.client;
    const patch = (name: string, metadata: object) =>
      client.request({
        method: 'PATCH',
        path: `/api/v1/namespaces/${ns}/configmaps/${name}`,
        body: { metadata },
        contentType: 'application/merge-patch+json',
      });

    // after the sync, people change what the objects say about their owner
    await patch('unmarked', {
      annotations: { [OWNERSHIP.appAnnotation]: null },
    });
    await patch('other-app', {
      annotations: {
        [OWNERSHIP.appAnnotation]: 'component:default/someone-else#prod',
      },
    });
    await patch('label-only', {
      annotations: { [OWNERSHIP.appAnnotation]: null },
      labels: { [OWNERSHIP.appLabel]: appLabelValue(spec.id) },
    });
    // and an object carrying this application's marker that the application never applied
    await infra.kube.cluster.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'never-applied',
        namespace: ns,
        annotations: { [OWNERSHIP.appAnnotation]: spec.id },
      },
    });

    // prune off: even the owned object stays
    await store.replaceApplications(
      { origin: 'catalog', entityRef: spec.entityRef! },
      [{ spec: { ...spec, policy: { ...spec.policy, prune: false } } }],
    );
    await infra.git.commit(ns, {
      remove: names.filter(n => n !== 'kept-out').map(n => `app/${n}.yaml`),
    });
    infra.kube.clearRequestLog();
    await makeDue(knex, [spec.id]);
    await replica.worker.drain();
    expect(infra.kube.requestLog.filter(e => e.verb === 'delete')).toEqual([]);

    // prune on: only `ours` is deleted
    await store.replaceApplications(
      { origin: 'catalog', entityRef: spec.entityRef! },
      [{ spec }],
    );
    infra.kube.clearRequestLog();
    await makeDue(knex, [spec.id]);
    await replica.worker.drain();
    expect(
      infra.kube.requestLog
        .filter(e => e.verb === 'delete')
        .map(e => `${e.resource}/${e.name}`),
    ).toEqual(['configmaps/ours']);
    const live = (name: string) =>
      infra.kube.cluster.get('v1', 'ConfigMap', ns, name);
    expect(await live('ours')).toBeUndefined();
    for (const name of [
      'unmarked',
      'other-app',
      'label-only',
      'kept-out',
      'never-applied',
      'stays',
    ])
      expect([name, (await live(name))?.metadata.name]).toEqual([name, name]);
    const [sync] = (
      await store.listHistory(
        { applicationId: spec.id },
        { offset: 0, limit: 1 },
      )
    ).items;
    expect(sync.counts.pruned).toBe(1);
    const skipped = sync.resources
      ?.filter(r => r.action === 'skipped')
      .map(r => [r.name, r.message]);
    const noId =
      'not pruned: the live object carries no application id (someone took it out of GitOps)';
    expect(skipped?.sort()).toEqual([
      ['label-only', noId],
      [
        'other-app',
        'not pruned: the live object is now owned by application component:default/someone-else#prod',
      ],
      ['unmarked', noId],
    ]);
    await replica.stop();
  });
});
