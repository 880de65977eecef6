import type {
  ApplicationSpec,
  ErrorCategory,
} from '@backstage-gitops/plugin-gitops-common';
import { TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import net, { AddressInfo } from 'node:net';
import { DatabaseGitOpsStore } from '../../database/GitOpsStore';
import { DefaultGitOpsService } from '../../service/DefaultGitOpsService';
import { OPEN_TEST_PROJECT } from '../../testUtils/applications';
import {
  appSpec,
  createReplica,
  uniqueName,
  useLocalInfrastructure,
} from './harness';

jest.setTimeout(120_000);

/** A port nothing listens on: connecting to it is refused by the kernel, for real. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

const exactly = (text: string) =>
  new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

const GIT_AUTH = { username: 'gitops', password: 'test-password' };
const URL_SECRET = 'url-s3cret';
const configMap =
  'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings }\ndata: { mode: fast }\n';

describe('errors name the cluster, Git host or renderer they come from', () => {
  const databases = TestDatabases.create();
  const infra = useLocalInfrastructure();

  it.each(databases.eachSupportedId())(
    'records the category and the place of each failure, and retries with backoff, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await DatabaseGitOpsStore.create({ knex });
      const repo = uniqueName('places', databaseId);
      await infra.git.seedRepo(repo, {
        'app/settings.yaml': configMap,
        'kustomized/kustomization.yaml': 'resources: [settings.yaml]\n',
        'kustomized/settings.yaml': configMap,
      });
      const clusterPort = await closedPort();
      const gitPort = await closedPort();
      const downGit = `http://127.0.0.1:${gitPort}`;
      const config = new ConfigReader({
        gitops: { projects: [OPEN_TEST_PROJECT] },
        integrations: {
          gitea: [
            {
              host: new URL(infra.git.url).host,
              baseUrl: infra.git.url,
              ...GIT_AUTH,
            },
            { host: `127.0.0.1:${gitPort}`, baseUrl: downGit, ...GIT_AUTH },
          ],
        },
        kubernetes: {
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: [
                { name: 'gone', url: `http://127.0.0.1:${clusterPort}` },
                {
                  name: 'wrong-token',
                  url: infra.kube.url,
                  caData: infra.kube.caData,
                  serviceAccountToken: 'not-the-token',
                },
                // no caData: the cluster's certificate is signed by a CA the backend does not trust
                {
                  name: 'untrusted',
                  url: infra.kube.url,
                  serviceAccountToken: infra.kube.token,
                },
              ],
            },
          ],
        },
      });
      const spec = (
        name: string,
        overrides: Partial<ApplicationSpec> = {},
      ): ApplicationSpec =>
        appSpec(infra.git, repo, {
          id: `component:default/places#${name}`,
          environment: name,
          entityRef: 'component:default/places',
          ...overrides,
          source: {
            repoUrl: infra.git.repoUrl(repo),
            ref: 'main',
            path: 'app',
            ...overrides.source,
          },
          destination: {
            cluster: 'gone',
            namespace: 'default',
            allowedNamespaces: ['default'],
            allowClusterScoped: false,
            ...overrides.destination,
          },
        });
      const on = (cluster: string) => ({
        destination: {
          cluster,
          namespace: 'default',
          allowedNamespaces: ['default'],
          allowClusterScoped: false,
        },
      });
      const from = (repoUrl: string, path = 'app') => ({
        source: { repoUrl, ref: 'main', path },
      });

      const expected: Record<string, [ErrorCategory, string | RegExp]> = {
        'cluster-gone': [
          'cluster-unreachable',
          `Cluster 'gone' (http://127.0.0.1:${clusterPort}) is unreachable: connection refused`,
        ],
        'cluster-untrusted': [
          'cluster-unreachable',
          new RegExp(
            `^Cluster 'untrusted' \\(${infra.kube.url}\\) is unreachable: TLS handshake failed: \\S`,
          ),
        ],
        'cluster-wrong-token': [
          'unauthorized',
          `Cluster 'wrong-token' (${infra.kube.url}) refused the credentials (HTTP 401): Unauthorized`,
        ],
        'cluster-unknown': [
          'configuration',
          "Cluster 'nowhere' is not configured in kubernetes.clusterLocatorMethods or gitops.clusters",
        ],
        'git-down': [
          'git-unreachable',
          `Git host 127.0.0.1:${gitPort} is unreachable (repository ${downGit}/team/config.git): connection refused`,
        ],
        'git-url-credentials': [
          'configuration',
          `Repository URL must not carry credentials; configure them in the integrations config (repository http://127.0.0.1:${gitPort}/team/config.git)`,
        ],
      };
      const specs = [
        spec('cluster-gone'),
        spec('cluster-untrusted', on('untrusted')),
        spec('cluster-wrong-token', on('wrong-token')),
        spec('cluster-unknown', on('nowhere')),
        spec('git-down', from(`${downGit}/team/config.git`)),
        spec(
          'git-url-credentials',
          from(`http://bot:${URL_SECRET}@127.0.0.1:${gitPort}/team/config.git`),
        ),
      ];
      await store.replaceApplications(
        { origin: 'catalog', entityRef: 'component:default/places' },
        specs.map(s => ({ spec: s })),
      );
      const replica = createReplica(store, config, { replica: 'places' });
      // the renderer is the replica's: a second one whose kubectl does not exist
      const noKubectl = createReplica(store, config, {
        replica: 'no-kubectl',
        kubectlPath: '/nonexistent/kubectl',
      });
      try {
        await replica.worker.drain();
        const rendered = spec('renderer-missing', {
          ...on('gone'),
          ...from(infra.git.repoUrl(repo), 'kustomized'),
          entityRef: 'component:default/places-renderer',
          id: 'component:default/places-renderer#renderer-missing',
        });
        expected['renderer-missing'] = [
          'renderer-unavailable',
          'Renderer /nonexistent/kubectl is unavailable: not found (ENOENT)',
        ];
        await store.replaceApplications(
          { origin: 'catalog', entityRef: rendered.entityRef! },
          [{ spec: rendered }],
        );
        await noKubectl.worker.drain();

        const service = new DefaultGitOpsService({
          store,
          integrations: ScmIntegrations.fromConfig(config),
          source: replica.source,
          wake: () => {},
        });
        const { items } = await service.listApplications({ limit: 100 });
        for (const [environment, [category, message]] of Object.entries(
          expected,
        )) {
          const summary = items.find(i => i.environment === environment);
          expect([
            environment,
            summary?.syncStatus,
            summary?.errorCategory,
          ]).toEqual([environment, 'Failed', category]);
          expect(summary?.error).toMatch(
            typeof message === 'string' ? exactly(message) : message,
          );

          // transient or not, a failure is retried with backoff (5 s ±20% after the first)
          const record = await store.getApplication(summary!.id);
          expect([environment, record?.failureCount]).toEqual([environment, 1]);
          const delay =
            record!.nextReconcileAt.getTime() -
            record!.lastReconciledAt!.getTime();
          expect(delay).toBeGreaterThanOrEqual(4_000);
          expect(delay).toBeLessThanOrEqual(6_000);
        }

        // credentials of a repository URL reach no message, row or log line
        const rows = JSON.stringify([
          await knex('gitops_applications').select('error', 'message'),
          await knex('gitops_sync_history').select('error'),
          items.map(i => [i.error, i.message]),
          [replica.logger, noKubectl.logger].map(
            l => (l.warn as jest.Mock).mock.calls,
          ),
        ]);
        expect(rows).toContain('Repository URL must not carry credentials');
        expect(rows).not.toContain(URL_SECRET);
      } finally {
        await replica.worker.stop();
        await noKubectl.worker.stop();
        replica.cleanup();
        noKubectl.cleanup();
      }
    },
  );
});
