import { TestDatabases } from '@backstage/backend-test-utils';
import { metrics } from '@opentelemetry/api';
import { fakeMeter } from '../metrics/__testUtils__/fakeMeter';
import { GITOPS_METRICS } from '../metrics/gitopsMetrics';
import {
  annotatedComponent,
  configMapYaml,
  descriptor,
  namespaceYaml,
  ONBOARDING_TASK,
  scoped,
  startGitOpsBackend,
  useInfrastructure,
  waitFor,
} from './__testUtils__/testBackend';

jest.setTimeout(180_000);

/** The plugin reports its instruments through the global OpenTelemetry meter provider the portal sets up. */
describe('gitops plugin: metrics', () => {
  const databases = TestDatabases.create();
  const infra = useInfrastructure();
  // a fresh meter per backend, so one test's instruments never answer for another's
  let fake = fakeMeter();
  const meterNames: string[] = [];
  beforeAll(() => {
    metrics.setGlobalMeterProvider({
      getMeter: name => {
        meterNames.push(name);
        return fake.meter;
      },
    });
  });
  afterAll(() => metrics.disable());

  it.each(databases.eachSupportedId())(
    'measures a reconcile, its Git fetch and its Kubernetes requests, %p',
    async databaseId => {
      const name = infra.cleanup.namespace(scoped('measured', databaseId));
      await infra.git.seedRepo(name, {
        'gitops.yaml': descriptor([{ name: 'dev', namespace: name }]),
        'envs/dev/namespace.yaml': namespaceYaml(name),
        'envs/dev/settings.yaml': configMapYaml('settings', name, 'v1'),
      });
      fake = fakeMeter();
      const gitops = await startGitOpsBackend({
        databases,
        databaseId,
        infra,
        entities: [annotatedComponent(name, infra.git.repoUrl(name))],
      });
      const id = `component:default/${name}#dev`;
      await gitops.runTask(ONBOARDING_TASK);
      await waitFor('a reconcile to be measured', async () =>
        fake.named(GITOPS_METRICS.reconcileDuration).length > 0
          ? true
          : undefined,
      );

      expect(meterNames).toContain('backstage-gitops');
      const [reconcile] = fake.named(GITOPS_METRICS.reconcileDuration);
      expect(reconcile.attributes).toEqual({ result: 'synced' });
      expect(reconcile.value).toBeGreaterThan(0);
      expect(
        fake.named(GITOPS_METRICS.syncResults).map(m => m.attributes),
      ).toEqual([{ result: 'Succeeded', trigger: 'poll' }]);
      expect(
        fake.named(GITOPS_METRICS.gitFetchDuration).map(m => m.attributes),
      ).toContainEqual({ result: 'ok' });
      const kube = fake
        .named(GITOPS_METRICS.kubeRequests)
        .map(m => `${m.attributes?.verb} ${m.attributes?.status}`);
      // a first sync: discovery, reads that find nothing, then server-side applies that create
      expect(kube).toEqual(
        expect.arrayContaining(['discovery 200', 'get 404', 'patch 201']),
      );
      expect(
        await fake.collect(GITOPS_METRICS.driftedResources),
      ).toContainEqual({ value: 0, attributes: { application: id } });
      // the application was reconciled and is not due again for an hour: nothing waits
      expect(await fake.collect(GITOPS_METRICS.queueDepth)).toEqual([
        { value: 0, attributes: undefined },
      ]);
      await gitops.stop();
    },
  );
});
