import {
  AuditorService,
  coreServices,
  createServiceFactory,
  SchedulerService,
  SchedulerServiceTaskInvocationDefinition,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  NotificationSendOptions,
  notificationService,
} from '@backstage/plugin-notifications-node';
import { JsonObject } from '@backstage/types';
import {
  KUBECTL_PATH,
  LocalCluster,
  LocalGitServer,
  requireKubectl,
  startLocalCluster,
  startLocalGitServer,
} from '@internal/local-infra';
import { Knex } from 'knex';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  uniqueName,
  useClusterCleanup,
} from '../../engine/integration/harness';
import { gitopsPlugin } from '../../plugin';
import { FakeAuditor } from '../../service/__testUtils__/routerTestKit';
import { OPEN_TEST_PROJECT } from '../../testUtils/applications';

export const KUBECTL = KUBECTL_PATH;
const GIT_AUTH = { username: 'gitops', password: 'plugin-test-password' };
export const ONBOARDING_TASK = 'gitops-catalog-onboarding';

export interface Infrastructure {
  git: LocalGitServer;
  kube: LocalCluster;
}

/**
 * A Git server with credentials, and the run's Kubernetes cluster behind this file's own fault
 * proxy. `cleanup` deletes the namespaces a test registers once the file is done: the cluster is
 * shared by every file of the run, and may outlive it.
 */
export function useInfrastructure(): Infrastructure & {
  cleanup: ReturnType<typeof useClusterCleanup>;
} {
  const infra = {} as Infrastructure & {
    cleanup: ReturnType<typeof useClusterCleanup>;
  };
  beforeAll(async () => {
    requireKubectl();
    infra.git = await startLocalGitServer({ auth: GIT_AUTH });
    infra.kube = await startLocalCluster();
  }, 180_000);
  afterAll(async () => {
    await infra.git?.stop();
    await infra.kube?.stop();
  });
  infra.cleanup = useClusterCleanup(infra);
  return infra;
}

/** The portal config that points the plugin at the local servers. */
export function baseConfig(
  infra: Infrastructure,
  cacheDir: string,
): JsonObject {
  return {
    integrations: {
      gitea: [
        {
          host: new URL(infra.git.url).host,
          baseUrl: infra.git.url,
          ...GIT_AUTH,
        },
      ],
    },
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: [
            {
              name: 'local',
              url: infra.kube.url,
              caData: infra.kube.caData,
              serviceAccountToken: infra.kube.token,
            },
          ],
        },
      ],
    },
    gitops: {
      // admits the test entities (owner group:default/team-a) and test specs
      projects: [OPEN_TEST_PROJECT],
      cacheDir,
      kubectlPath: KUBECTL,
      // long: only a wake-up (onboarding, a request, a webhook) explains a prompt reconcile
      worker: { pollIntervalSeconds: 60, concurrency: 4, leaseSeconds: 30 },
    },
  };
}

/** A scheduler whose tasks run only when a test says so, and fail the test when they throw. */
function manualScheduler(): SchedulerService & {
  run(id: string): Promise<void>;
} {
  const tasks = new Map<string, SchedulerServiceTaskInvocationDefinition>();
  const run = async (id: string) => {
    const task = tasks.get(id);
    if (!task) throw new Error(`No task ${id} was scheduled`);
    await task.fn(new AbortController().signal);
  };
  return {
    scheduleTask: async task => void tasks.set(task.id, task),
    createScheduledTaskRunner: () => ({
      run: async task => void tasks.set(task.id, task),
    }),
    triggerTask: run,
    cancelTask: async () => undefined,
    getScheduledTasks: async () =>
      [...tasks.keys()].map(id => ({
        id,
        scope: 'global' as const,
        settings: { version: 1 },
      })),
    run,
  };
}

export interface GitOpsTestBackendOptions {
  databases: TestDatabases;
  databaseId: TestDatabaseId;
  infra: Infrastructure;
  /** Merged over `baseConfig`, one level deep (`gitops.worker` replaces the whole `worker`). */
  config?: JsonObject;
  /** Catalog entities served by an in-memory catalog; leave out to bring a real catalog backend in `features`. */
  entities?: Entity[];
  features?: Parameters<typeof startTestBackend>[0]['features'];
}

function mergeConfig(base: JsonObject, extra: JsonObject = {}): JsonObject {
  const merged: JsonObject = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const current = merged[key];
    const bothObjects =
      current &&
      typeof current === 'object' &&
      !Array.isArray(current) &&
      value &&
      typeof value === 'object' &&
      !Array.isArray(value);
    merged[key] = bothObjects
      ? { ...(current as JsonObject), ...(value as JsonObject) }
      : value;
  }
  return merged;
}

/**
 * The GitOps plugin in a test backend on one test database, with the notifications it sends and
 * the audit events it writes recorded, and its scheduled tasks run on demand (`runTask`).
 */
export async function startGitOpsBackend(
  options: GitOpsTestBackendOptions,
): Promise<GitOpsTestBackend> {
  const knex = await options.databases.init(options.databaseId);
  const cacheDir = fs.mkdtempSync(
    path.join(os.tmpdir(), 'gitops-plugin-test-'),
  );
  const notifications: NotificationSendOptions[] = [];
  let auditor: FakeAuditor | undefined;
  const scheduler = manualScheduler();

  const backend = await startTestBackend({
    features: [
      gitopsPlugin,
      mockServices.rootConfig.factory({
        data: mergeConfig(baseConfig(options.infra, cacheDir), options.config),
      }),
      mockServices.database.factory({ knex }),
      // silent; GITOPS_TEST_LOG_LEVEL=debug shows the backend's log lines when a test needs explaining
      mockServices.rootLogger.factory({
        level:
          (process.env.GITOPS_TEST_LOG_LEVEL as 'warn' | undefined) ?? 'none',
      }),
      // no token means no credentials, as behind the real auth layer
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      createServiceFactory({
        service: coreServices.scheduler,
        deps: {},
        factory: () => scheduler,
      }),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({
          send: async (notification: NotificationSendOptions) =>
            void notifications.push(notification),
        }),
      }),
      createServiceFactory({
        service: coreServices.auditor,
        deps: {
          httpAuth: coreServices.httpAuth,
          plugin: coreServices.pluginMetadata,
        },
        factory: ({ httpAuth, plugin }): AuditorService => {
          // one per plugin: each resolves credentials with its own plugin's httpAuth
          const pluginAuditor = new FakeAuditor(httpAuth);
          if (plugin.getId() === 'gitops') auditor = pluginAuditor;
          return pluginAuditor;
        },
      }),
      ...(options.entities
        ? [catalogServiceMock.factory({ entities: options.entities })]
        : []),
      ...(options.features ?? []),
    ],
  });

  return {
    backend,
    server: backend.server,
    knex,
    notifications,
    /** Audit events of the GitOps plugin (initiated, succeeded, failed). */
    auditEvents: () => auditor?.events ?? [],
    /** Runs a scheduled task now and waits for it; its errors reach the test. */
    runTask: (id: string) => scheduler.run(id),
    async stop() {
      await backend.stop();
      fs.rmSync(cacheDir, { recursive: true, force: true });
    },
  };
}

export interface GitOpsTestBackend {
  backend: TestBackend;
  server: TestBackend['server'];
  knex: Knex;
  notifications: NotificationSendOptions[];
  /** Audit events of the GitOps plugin (initiated, succeeded, failed). */
  auditEvents: () => FakeAuditor['events'];
  /** Runs a scheduled task now and waits for it; its errors reach the test. */
  runTask: (id: string) => Promise<void>;
  stop(): Promise<void>;
}

/** Polls until `probe` returns a value other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 20_000,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for ${what}${
          last ? `: ${last}` : ''
        }`,
      );
    await new Promise(resolve => setTimeout(resolve, everyMs));
  }
}

/** A component whose config repository is `repoUrl`, owned by `owner` (default `group:default/team-a`). */
export function annotatedComponent(
  name: string,
  repoUrl: string,
  annotations: Record<string, string> = {},
  owner = 'group:default/team-a',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'gitops.backstage.io/config-repo': repoUrl,
        ...annotations,
      },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner,
    },
  };
}

/** A `gitops.yaml` with one plain-YAML environment per entry. */
export function descriptor(
  environments: Array<{
    name: string;
    namespace: string;
    path?: string;
    extra?: string;
  }>,
): string {
  const lines = [
    'apiVersion: gitops.backstage.io/v1alpha1',
    'kind: Environments',
    'environments:',
  ];
  for (const env of environments) {
    lines.push(
      `  - name: ${env.name}`,
      `    path: ${env.path ?? `envs/${env.name}`}`,
      '    cluster: local',
      `    namespace: ${env.namespace}`,
      '    interval: 1h',
    );
    if (env.extra) lines.push(...env.extra.split('\n').map(l => `    ${l}`));
  }
  return `${lines.join('\n')}\n`;
}

export const namespaceYaml = (name: string) =>
  `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${name} }\n`;
export const configMapYaml = (name: string, namespace: string, value: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: ${name}, namespace: ${namespace} }\ndata: { value: "${value}" }\n`;

/**
 * A name unique per database and per run, for repositories, entities and namespaces: the cluster is
 * shared by every test file of a run (and may outlive it).
 */
export const scoped = (base: string, databaseId: TestDatabaseId) =>
  uniqueName(base, databaseId);

/** A user's bearer header for supertest. */
export const userAuth = (userEntityRef = 'user:default/operator') =>
  mockCredentials.user.header(userEntityRef);

/**
 * A config repository with one plain-YAML environment `dev` (its Namespace and a ConfigMap
 * `settings`), and the plugin in a test backend whose catalog holds the repository's entity.
 * The namespace is deleted when the file is done.
 */
export async function startWithOneApplication(options: {
  databases: TestDatabases;
  databaseId: TestDatabaseId;
  infra: ReturnType<typeof useInfrastructure>;
  base: string;
  config?: JsonObject;
}) {
  const { infra } = options;
  const name = infra.cleanup.namespace(
    scoped(options.base, options.databaseId),
  );
  await infra.git.seedRepo(name, {
    'gitops.yaml': descriptor([{ name: 'dev', namespace: name }]),
    'envs/dev/namespace.yaml': namespaceYaml(name),
    'envs/dev/settings.yaml': configMapYaml('settings', name, 'v1'),
  });
  const gitops = await startGitOpsBackend({
    databases: options.databases,
    databaseId: options.databaseId,
    infra,
    entities: [annotatedComponent(name, infra.git.repoUrl(name))],
    config: options.config,
  });
  return { gitops, name, id: `component:default/${name}#dev` };
}
