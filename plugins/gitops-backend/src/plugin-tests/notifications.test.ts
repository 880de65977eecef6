import { TestDatabases } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  annotatedComponent,
  configMapYaml,
  descriptor,
  namespaceYaml,
  ONBOARDING_TASK,
  scoped,
  startGitOpsBackend,
  useInfrastructure,
  userAuth,
  waitFor,
} from './__testUtils__/testBackend';

jest.setTimeout(180_000);

/**
 * Owners hear about a failing sync once, however often it is retried; once the application is
 * healthy again, the next failure is news again. The notification service is replaced by a recorder.
 */
describe('gitops plugin: notifications to owners', () => {
  const databases = TestDatabases.create();
  const infra = useInfrastructure();

  it.each(databases.eachSupportedId())(
    'notifies the owners once per failure across retries, and again after a recovery, %p',
    async databaseId => {
      const name = infra.cleanup.namespace(scoped('failing', databaseId));
      const entityRef = `component:default/${name}`;
      const id = `${entityRef}#dev`;
      await infra.git.seedRepo(name, {
        // retries every second (the default backoff starts at 5 s)
        'gitops.yaml': descriptor([
          {
            name: 'dev',
            namespace: name,
            extra: 'policy: { retry: { initialBackoff: 1s, maxBackoff: 1s } }',
          },
        ]),
        'envs/dev/namespace.yaml': namespaceYaml(name),
        'envs/dev/settings.yaml': configMapYaml('settings', name, 'v1'),
      });
      const gitops = await startGitOpsBackend({
        databases,
        databaseId,
        infra,
        entities: [annotatedComponent(name, infra.git.repoUrl(name))],
        // the worker looks for due retries often; nothing else changes
        config: {
          gitops: {
            worker: {
              pollIntervalSeconds: 0.2,
              concurrency: 2,
              leaseSeconds: 30,
            },
          },
        },
      });
      const api = request(gitops.server);
      const app = () =>
        gitops
          .knex('gitops_applications')
          .where('id', id)
          .first('sync_status', 'health', 'failure_count', 'notified_state');
      const syncNow = async () =>
        expect(
          (
            await api
              .post(`/api/gitops/applications/${encodeURIComponent(id)}/sync`)
              .set('Authorization', userAuth())
              .send({})
          ).status,
        ).toBe(202);
      const mine = () =>
        gitops.notifications.filter(
          n =>
            n.recipients.type === 'entity' &&
            n.recipients.entityRef === entityRef,
        );

      await gitops.runTask(ONBOARDING_TASK);
      await waitFor('the first sync', async () =>
        (await app())?.sync_status === 'Synced' ? true : undefined,
      );
      expect(mine()).toEqual([]);

      // a commit that cannot be rendered: the sync fails, and every retry fails the same way
      await infra.git.commit(
        name,
        { write: { 'envs/dev/broken.yaml': 'kind: [unclosed' } },
        { message: 'broken manifest' },
      );
      await syncNow();
      await waitFor('three failed attempts', async () =>
        (await app()).failure_count >= 3 ? true : undefined,
      );
      expect(mine()).toHaveLength(1);
      expect(mine()[0]).toMatchObject({
        recipients: { type: 'entity', entityRef },
        payload: {
          severity: 'high',
          title: `Sync of ${id} failed`,
          description: expect.stringContaining('envs/dev/broken.yaml'),
          link: `/catalog/default/component/${name}/gitops`,
        },
      });
      expect((await app()).notified_state).toMatch(/^failed:[0-9a-f]{40}:/);

      // fixed: the next retry syncs the fix, and the problem is forgotten
      await infra.git.commit(
        name,
        { remove: ['envs/dev/broken.yaml'] },
        { message: 'fix' },
      );
      await waitFor('recovery', async () => {
        const row = await app();
        return row.sync_status === 'Synced' &&
          row.health === 'Healthy' &&
          row.notified_state === null
          ? true
          : undefined;
      });
      expect(mine()).toHaveLength(1);

      // a new failure is news again
      await infra.git.commit(
        name,
        {
          write: {
            'envs/dev/other.yaml':
              'apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n',
          },
        },
        { message: 'nameless' },
      );
      await syncNow();
      await waitFor('two failed attempts of the new commit', async () =>
        (await app()).failure_count >= 2 ? true : undefined,
      );
      expect(mine()).toHaveLength(2);
      expect(mine()[1].payload.description).toMatch(/name/);
      await gitops.stop();
    },
  );
});
