import { TestDatabases } from '@backstage/backend-test-utils';
import { runKubectl } from '@internal/local-infra';
import { ScmIntegrations } from '@backstage/integration';
import { ConfigReader } from '@backstage/config';
import { DefaultGitOpsService } from '../../service/DefaultGitOpsService';
import {
  namespacedAppSpec,
  createEngine,
  uniqueName,
  useClusterCleanup,
  useLocalInfrastructure,
} from './harness';

jest.setTimeout(120_000);

const manifests = (ns: string) => ({
  'app/namespace.yaml': `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${ns} }\n`,
  'app/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: { name: api }
spec:
  replicas: 2
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec: { containers: [{ name: api, image: "api:1" }] }
`,
  'app/secret.yaml': `apiVersion: v1\nkind: Secret\nmetadata: { name: api-key }\nstringData: { key: s3cr3t-value-never-shown }\n`,
});

describe('engine: drift, source errors, secrets', () => {
  const databases = TestDatabases.create();
  const infra = useLocalInfrastructure();
  const cleanup = useClusterCleanup(infra);

  /** kubectl as a person at the cluster would run it: straight to the API server, not through the engine's proxy. */
  async function kubectl(...args: string[]) {
    const result = await runKubectl(args, {
      kubeconfig: infra.kube.adminKubeconfig,
    });
    if (result.code !== 0) {
      throw new Error(`kubectl ${args.join(' ')} failed: ${result.stderr}`);
    }
    return result.stdout;
  }

  it.each(databases.eachSupportedId())(
    'reports drift, self-heals only when asked, and never leaks a secret, %p',
    async databaseId => {
      const ns = cleanup.namespace(uniqueName('drift', databaseId));
      await infra.git.seedRepo(ns, manifests(ns));
      const engine = await createEngine(databases, databaseId, infra);
      const spec = namespacedAppSpec(infra.git, ns);
      const noHeal = { ...spec, policy: { ...spec.policy, selfHeal: false } };
      await engine.reconcile(noHeal);
      expect(
        (await engine.store.getApplication(spec.id))?.state.syncStatus,
      ).toBe('Synced');

      // a hand edit: without self-heal it is reported with a diff naming the field, and not written
      await kubectl('scale', 'deployment/api', '-n', ns, '--replicas=5');
      infra.kube.clearRequestLog();
      await engine.tick(spec.id);
      let record = await engine.store.getApplication(spec.id);
      expect(record?.state.syncStatus).toBe('OutOfSync');
      const drifted = record?.state.resources?.find(
        r => r.kind === 'Deployment',
      );
      expect(drifted?.syncStatus).toBe('OutOfSync');
      expect(drifted?.changedFields).toContain('spec.replicas');
      expect(drifted?.diff).toMatch(
        /replicas: 5[\s\S]*replicas: 2|replicas: 2[\s\S]*replicas: 5/,
      );
      expect(infra.kube.writes().filter(w => w.namespace === ns)).toEqual([]);
      expect(
        (
          await engine.store.listHistory(
            { applicationId: spec.id },
            { offset: 0, limit: 10 },
          )
        ).totalCount,
      ).toBe(1);

      // with self-heal the next reconcile corrects it and records a self-heal sync
      await engine.store.replaceApplications(
        { origin: 'catalog', entityRef: spec.entityRef! },
        [{ spec }],
      );
      await engine.tick(spec.id);
      record = await engine.store.getApplication(spec.id);
      expect(record?.state.syncStatus).toBe('Synced');
      expect(
        JSON.parse(
          await kubectl('get', 'deployment/api', '-n', ns, '-o', 'json'),
        ).spec.replicas,
      ).toBe(2);
      const [healed] = (
        await engine.store.listHistory(
          { applicationId: spec.id },
          { offset: 0, limit: 1 },
        )
      ).items;
      expect(healed).toMatchObject({
        trigger: 'self-heal',
        result: 'Succeeded',
        counts: { updated: 1 },
      });

      // a changed secret value in Git, not applied (automated off): the diff shows that it changed, never what
      const manual = { ...spec, policy: { ...spec.policy, automated: false } };
      await engine.store.replaceApplications(
        { origin: 'catalog', entityRef: spec.entityRef! },
        [{ spec: manual }],
      );
      await infra.git.commit(ns, {
        write: {
          'app/secret.yaml': manifests(ns)['app/secret.yaml'].replace(
            's3cr3t-value-never-shown',
            'n3w-s3cr3t-also-hidden',
          ),
        },
      });
      await engine.tick(spec.id);
      record = await engine.store.getApplication(spec.id);
      const secretStatus = record?.state.resources?.find(
        r => r.kind === 'Secret',
      );
      expect(secretStatus?.syncStatus).toBe('OutOfSync');
      expect(secretStatus?.diff).toMatch(/\+{8}/);

      // the values are in the cluster, but in nothing the engine stores, logs or the API returns
      const service = new DefaultGitOpsService({
        store: engine.store,
        integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
        source: engine.source,
        wake: () => {},
      });
      const outputs = {
        stored: JSON.stringify({
          record,
          history: await engine.store.listHistory(
            { applicationId: spec.id },
            { offset: 0, limit: 10 },
          ),
        }),
        logged: JSON.stringify(
          Object.values(engine.logger).map(fn => (fn as jest.Mock).mock?.calls),
        ),
        api: JSON.stringify([
          await service.getApplication(spec.id),
          await service.listApplications({}),
          await service.getHistory(spec.id, { offset: 0, limit: 50 }),
          await service.getEntityApplications(spec.entityRef!),
          await service.getEntityHistory(spec.entityRef!, {
            offset: 0,
            limit: 50,
          }),
        ]),
      };
      for (const [where, text] of Object.entries(outputs)) {
        for (const value of [
          's3cr3t-value-never-shown',
          'n3w-s3cr3t-also-hidden',
        ]) {
          expect([
            where,
            text.includes(value),
            text.includes(Buffer.from(value).toString('base64')),
          ]).toEqual([where, false, false]);
        }
      }
      engine.cleanup();
    },
  );

  it.each(databases.eachSupportedId())(
    'reports a source error while Git is down, writes nothing, and recovers, %p',
    async databaseId => {
      const ns = cleanup.namespace(uniqueName('down', databaseId));
      await infra.git.seedRepo(ns, manifests(ns));
      const engine = await createEngine(databases, databaseId, infra);
      const spec = namespacedAppSpec(infra.git, ns);
      await engine.reconcile(spec);
      const sha = await infra.git.commit(ns, {
        write: {
          'app/deployment.yaml': manifests(ns)['app/deployment.yaml'].replace(
            'replicas: 2',
            'replicas: 4',
          ),
        },
      });

      infra.git.faults.set('down');
      infra.kube.clearRequestLog();
      await engine.tick(spec.id);
      let record = await engine.store.getApplication(spec.id);
      expect(record?.state.syncStatus).toBe('Failed');
      expect(record?.state.errorCategory).toBe('git-unreachable');
      expect(record?.state.error).toMatch(
        /^Git host .* is unreachable \(repository .*\): connection reset/,
      );
      expect(record?.failureCount).toBe(1);
      expect(record!.nextReconcileAt.getTime()).toBeGreaterThan(Date.now());
      expect(infra.kube.writes().filter(w => w.namespace === ns)).toEqual([]);
      expect(
        (
          await engine.store.listHistory(
            { applicationId: spec.id },
            { offset: 0, limit: 10 },
          )
        ).totalCount,
      ).toBe(1);

      infra.git.faults.set('none');
      await engine.tick(spec.id);
      record = await engine.store.getApplication(spec.id);
      expect(record?.state).toMatchObject({
        syncStatus: 'Synced',
        revision: sha,
      });
      expect(record?.failureCount).toBe(0);
      engine.cleanup();
    },
  );
});
