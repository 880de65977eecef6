// The scaffolder module runs beside the GitOps backend plugin in a portal; the test wires both.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import gitopsPlugin from '@backstage-gitops/plugin-gitops-backend';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import {
  LocalCluster,
  LocalGitServer,
  localGitUrlReaderFactory,
  requireKubectl,
  startLocalCluster,
  startLocalGitServer,
} from '@internal/local-infra';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { intervalSchedulerFactory } from './__testUtils__/intervalScheduler';
import { perPluginDatabaseFactory } from './__testUtils__/perPluginDatabase';
import gitopsScaffolderModule from './index';

// The engine renders overlays with kubectl: without it this suite fails loudly, never skips.
const KUBECTL = requireKubectl();
const TEMPLATE = path.resolve(
  __dirname,
  '../../../packages/local-infra/demo/templates/gitops-service/template.yaml',
);
const TEMPLATE_GIT_HOST = '127.0.0.1:7008';
/** The development portal's config: its projects admit what the template creates. */
const APP_CONFIG = path.resolve(__dirname, '../../../app-config.yaml');
const GIT_AUTH = { username: 'portal', password: 'test-password' };

jest.setTimeout(240_000);

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await sleep(250);
  }
}

describe('the gitops-service template, run by the scaffolder', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
  let git: LocalGitServer;
  let kube: LocalCluster;
  let workDir: string;
  let templateFile: string;

  beforeAll(async () => {
    git = await startLocalGitServer({ auth: GIT_AUTH });
    kube = await startLocalCluster();
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-template-test-'));
    // The template targets the development portal's Git server; point it at this test's server.
    const text = fs.readFileSync(TEMPLATE, 'utf8');
    if (!text.includes(`http://${TEMPLATE_GIT_HOST}/demo/`))
      throw new Error(
        `The template no longer targets ${TEMPLATE_GIT_HOST}; update this test`,
      );
    templateFile = path.join(workDir, 'template.yaml');
    fs.writeFileSync(
      templateFile,
      text.split(TEMPLATE_GIT_HOST).join(new URL(git.url).host),
    );
  }, 180_000);
  afterAll(async () => {
    await git?.stop();
    await kube?.stop();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  async function startPortal(databaseId: Parameters<TestDatabases['init']>[0]) {
    const config = {
      integrations: {
        gitea: [{ host: new URL(git.url).host, baseUrl: git.url, ...GIT_AUTH }],
      },
      catalog: {
        rules: [{ allow: ['Component', 'Location', 'Template'] }],
        locations: [{ type: 'file', target: templateFile }],
      },
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              {
                name: 'local',
                url: kube.url,
                caData: kube.caData,
                serviceAccountToken: kube.token,
                authProvider: 'serviceAccount',
              },
            ],
          },
        ],
      },
      gitops: {
        // the development portal's projects, pointed at this test's Git server
        projects: JSON.parse(
          JSON.stringify(
            parse(fs.readFileSync(APP_CONFIG, 'utf8')).gitops.projects,
          )
            .split(TEMPLATE_GIT_HOST)
            .join(new URL(git.url).host),
        ),
        kubectlPath: KUBECTL,
        cacheDir: path.join(workDir, `cache-${databaseId}`),
        worker: { pollIntervalSeconds: 1 },
        onboarding: { frequencySeconds: 1 },
      },
    };
    const backend = await startTestBackend({
      features: [
        mockServices.rootConfig.factory({ data: config }),
        perPluginDatabaseFactory(databases, databaseId),
        intervalSchedulerFactory(),
        localGitUrlReaderFactory(git),
        catalogPlugin,
        catalogScaffolderEntityModel,
        scaffolderPlugin,
        gitopsPlugin,
        gitopsScaffolderModule,
      ],
    });
    const baseUrl = `http://localhost:${backend.server.port()}/api`;
    const api = async (
      method: 'GET' | 'POST',
      route: string,
      body?: object,
    ) => {
      const response = await fetch(`${baseUrl}${route}`, {
        method,
        headers: {
          Authorization: mockCredentials.user.header(),
          'Content-Type': 'application/json',
        },
        body: body && JSON.stringify(body),
      });
      return {
        status: response.status,
        body: await response.json().catch(() => undefined),
      };
    };
    return { backend, api };
  }

  it.each(databases.eachSupportedId())(
    'creates the repository, registers the entity and syncs it into the cluster, on %p',
    async databaseId => {
      // The cluster is shared by every suite of the run (and may outlive it): the service's
      // namespaces (<name>-dev, <name>-prod) get a name no other run uses.
      const name = `svc-${databaseId
        .toLowerCase()
        .replace(/_/g, '')}-${Date.now().toString(36)}`;
      const { backend, api } = await startPortal(databaseId);
      try {
        await until('the template in the catalog', async () =>
          (
            await api(
              'GET',
              '/catalog/entities/by-name/template/default/gitops-service',
            )
          ).status === 200
            ? true
            : undefined,
        );

        const values = {
          name,
          owner: 'group:default/team-shop',
          image: 'nginx:1.27',
          port: 8080,
          environments: [
            { name: 'dev', cluster: 'local', replicas: 1 },
            { name: 'prod', cluster: 'local', replicas: 2 },
          ],
        };

        // the template editor's dry run: the repository is rendered and checked, nothing is pushed
        const dryRun = await api('POST', '/scaffolder/v2/dry-run', {
          template: parse(fs.readFileSync(templateFile, 'utf8')),
          values,
          directoryContents: [],
        });
        expect(dryRun.status).toBe(200);
        const dryRunLog = dryRun.body.log.map(
          (l: any) => l.body.message as string,
        );
        expect(dryRunLog).toContainEqual(
          expect.stringContaining(
            `Dry run: would push 11 files to ${git.repoUrl(
              `demo/${name}-config`,
            )}`,
          ),
        );
        await expect(
          git.headSha(`demo/${name}-config`, 'main'),
        ).rejects.toThrow();

        const created = await api('POST', '/scaffolder/v2/tasks', {
          templateRef: 'template:default/gitops-service',
          values,
        });
        expect(created.status).toBe(201);
        const task: { status: string } = await until(
          'the task to finish',
          async () => {
            const { body } = await api(
              'GET',
              `/scaffolder/v2/tasks/${created.body.id}`,
            );
            return ['completed', 'failed', 'cancelled'].includes(body.status)
              ? body
              : undefined;
          },
          200_000,
        );
        const { body: events } = await api(
          'GET',
          `/scaffolder/v2/tasks/${created.body.id}/events`,
        );
        if (task.status !== 'completed')
          throw new Error(
            `Task ${task.status}:\n${events
              .map((e: any) => e.body.message)
              .join('\n')}`,
          );
        const logLines = events.map((e: any) => e.body.message as string);
        expect(logLines).toContainEqual(
          expect.stringContaining(
            `Pushed 11 files to ${git.repoUrl(`demo/${name}-config`)}`,
          ),
        );
        expect(logLines).toContainEqual(
          expect.stringContaining(
            `All 2 application(s) of component:default/${name} are Synced and Healthy`,
          ),
        );
        const output = events.find((e: any) => e.type === 'completion')?.body
          .output;
        const entityRef = `component:default/${name}`;
        expect(output?.links).toEqual(
          expect.arrayContaining([
            {
              title: 'Config repository',
              url: git.repoUrl(`demo/${name}-config`),
            },
            expect.objectContaining({ entityRef }),
          ]),
        );

        // the repository: one commit with the descriptor, base, overlays and the entity
        const repo = `demo/${name}-config`;
        expect(await git.log(repo, 'main')).toHaveLength(1);
        const descriptor = parse((await git.readFile(repo, 'gitops.yaml'))!);
        expect(
          descriptor.environments.map((e: any) => [
            e.name,
            e.path,
            e.namespace,
          ]),
        ).toEqual([
          ['dev', 'overlays/dev', `${name}-dev`],
          ['prod', 'overlays/prod', `${name}-prod`],
        ]);
        for (const file of [
          'base/kustomization.yaml',
          'base/deployment.yaml',
          'overlays/dev/kustomization.yaml',
          'overlays/prod/namespace.yaml',
        ]) {
          expect(await git.readFile(repo, file)).toBeDefined();
        }
        const catalogInfo = parse(
          (await git.readFile(repo, 'catalog-info.yaml'))!,
        );
        expect(
          catalogInfo.metadata.annotations['gitops.backstage.io/config-repo'],
        ).toBe(git.repoUrl(repo));

        // the entity, registered from the repository
        const entity = await api(
          'GET',
          `/catalog/entities/by-name/component/default/${name}`,
        );
        expect(entity.status).toBe(200);
        expect(entity.body.spec.owner).toBe('group:default/team-shop');
        expect(
          entity.body.metadata.annotations['backstage.io/managed-by-location'],
        ).toContain(`${repo}/src/branch/main/catalog-info.yaml`);

        // its applications, synced and healthy, and what they did in the cluster
        const apps = await api(
          'GET',
          `/gitops/entities/component/default/${name}/applications`,
        );
        expect(
          apps.body.items.map((a: any) => [
            a.environment,
            a.syncStatus,
            a.health,
          ]),
        ).toEqual([
          ['dev', 'Synced', 'Healthy'],
          ['prod', 'Synced', 'Healthy'],
        ]);
        expect(apps.body.items[0].revision).toBe(
          await git.headSha(repo, 'main'),
        );
        const deployment = await kube.cluster.get(
          'apps/v1',
          'Deployment',
          `${name}-prod`,
          name,
        );
        expect(deployment?.spec?.replicas).toBe(2);
        // the real controllers ran the workload the sync applied
        expect(deployment?.status?.readyReplicas).toBe(2);
        expect(
          await kube.cluster.get('v1', 'Service', `${name}-dev`, name),
        ).toBeDefined();
        const history = await api(
          'GET',
          `/gitops/entities/component/default/${name}/history`,
        );
        for (const env of ['dev', 'prod']) {
          expect(history.body.items).toContainEqual(
            expect.objectContaining({
              applicationId: `${entityRef}#${env}`,
              result: 'Succeeded',
              revision: await git.headSha(repo, 'main'),
            }),
          );
        }
      } finally {
        await backend.stop();
        // leave the shared cluster as it was found
        for (const env of ['dev', 'prod']) {
          await kube.cluster.delete(
            'v1',
            'Namespace',
            undefined,
            `${name}-${env}`,
          );
        }
        // The scaffolder's task event poller (behind GET /events) notices its cancellation only on
        // its next one-second tick; let it, before the test databases close under it.
        await sleep(1500);
      }
    },
  );
});
