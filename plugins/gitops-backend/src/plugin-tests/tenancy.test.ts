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

const RBAC = 'rbac.authorization.k8s.io/v1';

/** A ClusterRoleBinding that makes kube-system's default ServiceAccount cluster-admin. */
const clusterAdminBinding = (name: string) =>
  [
    `apiVersion: ${RBAC}`,
    'kind: ClusterRoleBinding',
    `metadata: { name: ${name} }`,
    `roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }`,
    'subjects: [{ kind: ServiceAccount, name: default, namespace: kube-system }]',
    '',
  ].join('\n');

/**
 * The tenancy attacks of the security review, on the real control plane: each ends with a clear
 * message on the entity or the sync, an audit event for a refused onboarding, nothing applied in
 * the cluster, nothing pruned and nothing pushed. Two teams, each with a project of its own.
 */
describe('gitops plugin: projects keep tenants apart', () => {
  const databases = TestDatabases.create();
  const infra = useInfrastructure();

  it.each(databases.eachSupportedId())(
    'refuses the self-granted ClusterRoleBinding, kube-system, a hijacked repository and an unconfigured host, %p',
    async databaseId => {
      const teamA = scoped('ta', databaseId);
      const teamB = scoped('tb', databaseId);
      const shopNamespace = infra.cleanup.namespace(`${teamA}-shop`);
      // refused everywhere below; registered so that a regression cannot leave it behind
      const binding = infra.cleanup.clusterScoped(
        RBAC,
        'ClusterRoleBinding',
        scoped('root', databaseId),
      );
      const shopRepo = `team-a/${teamA}-shop`;
      const rootRepo = `team-b/${teamB}-root`;
      await infra.git.seedRepo(shopRepo, {
        // cluster scope for its Namespace: the project's kinds are what stands between it and more
        'gitops.yaml': descriptor([
          {
            name: 'prod',
            namespace: shopNamespace,
            extra: 'allowClusterScoped: true',
          },
        ]),
        'envs/prod/namespace.yaml': namespaceYaml(shopNamespace),
        'envs/prod/settings.yaml': configMapYaml(
          'settings',
          shopNamespace,
          'v1',
        ),
      });
      await infra.git.seedRepo(rootRepo, {
        'gitops.yaml': descriptor([
          {
            name: 'prod',
            namespace: 'kube-system',
            extra: 'allowClusterScoped: true',
          },
        ]),
        'envs/prod/binding.yaml': clusterAdminBinding(binding),
        'envs/prod/settings.yaml': configMapYaml(binding, 'kube-system', 'x'),
      });

      const owned = (name: string, owner: string, repoUrl: string) =>
        annotatedComponent(name, repoUrl, {}, owner);
      const gitops = await startGitOpsBackend({
        databases,
        databaseId,
        infra,
        entities: [
          owned('shop', 'group:default/team-a', infra.git.repoUrl(shopRepo)),
          owned('root', 'group:default/team-b', infra.git.repoUrl(rootRepo)),
          owned('hijack', 'group:default/team-b', infra.git.repoUrl(shopRepo)),
          owned(
            'public',
            'group:default/team-a',
            'https://github.com/team-a/public-config.git',
          ),
        ],
        config: {
          gitops: {
            projects: [
              {
                name: 'team-a',
                members: { groups: ['team-a'] },
                sourceRepos: [`${infra.git.url}/team-a/*`],
                destinations: [{ cluster: 'local', namespace: `${teamA}-*` }],
                clusterResources: { allow: [{ group: '', kind: 'Namespace' }] },
              },
              {
                name: 'team-b',
                members: { groups: ['team-b'] },
                sourceRepos: [`${infra.git.url}/team-b/*`],
                destinations: [{ cluster: 'local', namespace: `${teamB}-*` }],
                clusterResources: { allow: [{ group: '', kind: 'Namespace' }] },
              },
            ],
          },
        },
      });
      const api = request(gitops.server);
      const entityApplications = async (name: string) =>
        (
          await api
            .get(`/api/gitops/entities/component/default/${name}/applications`)
            .set('Authorization', userAuth())
        ).body as {
          items: Array<{ id: string }>;
          errors: Array<{ message: string }>;
        };
      const shopId = 'component:default/shop#prod';
      const shopApp = () =>
        gitops
          .knex('gitops_applications')
          .where('id', shopId)
          .first('sync_status', 'error', 'spec_hash');
      const liveBinding = () =>
        infra.kube.cluster.get(RBAC, 'ClusterRoleBinding', undefined, binding);
      const liveSettings = () =>
        infra.kube.cluster.get('v1', 'ConfigMap', shopNamespace, 'settings');

      await gitops.runTask(ONBOARDING_TASK);
      await waitFor('team A shop Synced', async () =>
        (await shopApp())?.sync_status === 'Synced' ? true : undefined,
      );

      // 1. a descriptor that grants itself kube-system and cluster scope: refused, nothing applied
      expect(await entityApplications('root')).toEqual({
        items: [],
        errors: [
          {
            entityRef: 'component:default/root',
            message: `environment 'prod' asks for namespace 'kube-system', which project 'team-b' does not allow (allowed: ${teamB}-*)`,
          },
        ],
      });
      expect(await liveBinding()).toBeUndefined();
      expect(
        await infra.kube.cluster.get('v1', 'ConfigMap', 'kube-system', binding),
      ).toBeUndefined();

      // 2. a host nobody configured: refused, naming the host
      expect(await entityApplications('public')).toEqual({
        items: [],
        errors: [
          {
            entityRef: 'component:default/public',
            message:
              "Repository host 'github.com' matches no configured integration",
          },
        ],
      });

      // 3. team B's entity naming team A's repository gets no application: nothing to read,
      //    sync, pin, prune or revert, and team A's objects, application and repository stay as they are
      const liveBefore = await liveSettings();
      const shopBefore = await shopApp();
      const headBefore = await infra.git.headSha(shopRepo);
      expect(await entityApplications('hijack')).toEqual({
        items: [],
        errors: [
          {
            entityRef: 'component:default/hijack',
            message: `the entity's gitops.backstage.io/config-repo names repository '${infra.git.repoUrl(
              shopRepo,
            )}', which project 'team-b' does not allow (allowed: ${
              infra.git.url
            }/team-b/*)`,
          },
        ],
      });
      const hijackId = encodeURIComponent('component:default/hijack#prod');
      const shopSync = (
        await gitops
          .knex('gitops_sync_history')
          .where('application_id', shopId)
          .first('id')
      ).id;
      for (const [method, path, body] of [
        ['get', `/applications/${hijackId}`],
        ['get', `/applications/${hijackId}/history`],
        ['post', `/applications/${hijackId}/sync`, {}],
        ['post', `/applications/${hijackId}/pin`, { revision: headBefore }],
        ['post', `/applications/${hijackId}/history/${shopSync}/revert`, {}],
      ] as const) {
        const call = api[method](`/api/gitops${path}`).set(
          'Authorization',
          userAuth('user:default/attacker'),
        );
        expect([
          method,
          path,
          (await (body ? call.send(body) : call)).status,
        ]).toEqual([method, path, 404]);
      }
      await gitops.runTask(ONBOARDING_TASK);
      expect((await liveSettings())?.metadata.resourceVersion).toBe(
        liveBefore?.metadata.resourceVersion,
      );
      expect(await shopApp()).toEqual(shopBefore);
      expect(await infra.git.headSha(shopRepo)).toBe(headBefore);
      expect(
        await gitops
          .knex('gitops_sync_history')
          .where('entity_ref', 'component:default/hijack')
          .count({ n: '*' })
          .first()
          .then(r => Number(r?.n)),
      ).toBe(0);

      // every refusal is in the audit log once, with entity, project and reason, over two passes
      expect(
        gitops
          .auditEvents()
          .filter(
            e =>
              e.eventId === 'application-onboarding' && e.status === 'failed',
          )
          .map(e => [e.meta?.entityRef, e.meta?.project, e.meta?.reason])
          .sort(),
      ).toEqual([
        [
          'component:default/hijack',
          'team-b',
          expect.stringContaining("project 'team-b' does not allow"),
        ],
        [
          'component:default/public',
          'team-a',
          "Repository host 'github.com' matches no configured integration",
        ],
        [
          'component:default/root',
          'team-b',
          expect.stringContaining("'kube-system'"),
        ],
      ]);

      // 4. a ClusterRoleBinding added after onboarding: the sync fails at validate, naming the
      //    object, its kind and the project, and writes nothing (not even the ConfigMap change beside it)
      await infra.git.commit(
        shopRepo,
        {
          write: {
            'envs/prod/binding.yaml': clusterAdminBinding(binding),
            'envs/prod/settings.yaml': configMapYaml(
              'settings',
              shopNamespace,
              'v2',
            ),
          },
        },
        { message: 'grant ourselves cluster-admin' },
      );
      infra.kube.clearRequestLog();
      expect(
        (
          await api
            .post(`/api/gitops/applications/${encodeURIComponent(shopId)}/sync`)
            .set('Authorization', userAuth())
            .send({})
        ).status,
      ).toBe(202);
      const failed = await waitFor(
        'the sync with a ClusterRoleBinding to fail',
        async () => {
          const row = await shopApp();
          return row?.sync_status === 'Failed' ? row : undefined;
        },
      );
      expect(failed.error).toContain(
        `envs/prod/binding.yaml: ClusterRoleBinding ${binding}: cluster-scoped kind rbac.authorization.k8s.io/ClusterRoleBinding is not allowed by project 'team-a' (allowed: Namespace)`,
      );
      expect(infra.kube.writes()).toEqual([]);
      expect(await liveBinding()).toBeUndefined();
      expect((await liveSettings())?.data).toEqual({ value: 'v1' });

      await gitops.stop();
    },
  );
});
