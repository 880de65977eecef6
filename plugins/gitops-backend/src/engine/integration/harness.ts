/* eslint-disable @backstage/no-undeclared-imports -- test-only helpers, never part of the built package */
import { ApplicationSpec } from '@backstage-gitops/plugin-gitops-common';
import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import {
  createClusterHandle,
  KUBECTL_PATH,
  LocalCluster,
  LocalGitServer,
  requireKubectl,
  startLocalCluster,
  startLocalGitServer,
  upstreamFromKubeconfig,
} from '@internal/local-infra';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseGitOpsStore, GitOpsStore } from '../../database/GitOpsStore';
import { createReconcileEngine, ReconcileFn } from '../../reconcileEngine';
import {
  OPEN_TEST_PROJECT,
  testApplicationSpec,
} from '../../testUtils/applications';

export const KUBECTL = KUBECTL_PATH;
const GIT_AUTH = { username: 'gitops', password: 'test-password' };

/**
 * Shared servers for one test file: a Git server with auth, and the run's Kubernetes cluster behind
 * this file's own fault proxy (request log, faults).
 */
export function useLocalInfrastructure() {
  const infra = {} as { git: LocalGitServer; kube: LocalCluster };
  beforeAll(async () => {
    requireKubectl();
    infra.git = await startLocalGitServer({ auth: GIT_AUTH });
    infra.kube = await startLocalCluster();
  }, 180_000);
  afterAll(async () => {
    await infra.git?.stop();
    await infra.kube?.stop();
  });
  return infra;
}

/**
 * Portal config pointing at the local servers, as app-config would, with one project that admits
 * every test application (`OPEN_TEST_PROJECT`, which test specs name) and `extraProjects` before it.
 */
export function localConfig(
  infra: {
    git: LocalGitServer;
    kube: LocalCluster;
  },
  extraProjects: object[] = [],
) {
  return new ConfigReader({
    gitops: { projects: [...extraProjects, OPEN_TEST_PROJECT] },
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
  });
}

/** One backend replica's engine: its own Git cache, cluster clients and worker, on a shared store. */
export function createReplica(
  store: GitOpsStore,
  config: ConfigReader,
  options: {
    replica: string;
    leaseMs?: number;
    wrap?: (reconcile: ReconcileFn) => ReconcileFn;
    kubectlPath?: string;
  },
) {
  const logger = mockServices.logger.mock();
  const { source, clusters, worker, cacheDir } = createReconcileEngine({
    store,
    config,
    logger,
    replica: options.replica,
    cacheDir: fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-engine-test-')),
    kubectlPath: options.kubectlPath ?? KUBECTL,
    git: { timeoutMs: 5_000 },
    kube: { attempts: 2 },
    reconciler: { waveTimeoutMs: 10_000 },
    worker: {
      concurrency: 4,
      leaseMs: options.leaseMs ?? 30_000,
      pollIntervalMs: 60_000,
      progressingRecheckMs: 60_000,
    },
    wrap: options.wrap,
  });
  return {
    source,
    clusters,
    logger,
    worker,
    cleanup: () => fs.rmSync(cacheDir, { recursive: true, force: true }),
  };
}

/**
 * A store, source cache, cluster and worker wired like the plugin does, on one test database;
 * `config` is app-config on top of the local servers' (e.g. `gitops.security`); `projects` are
 * configured before the open test project.
 */
export async function createEngine(
  databases: TestDatabases,
  databaseId: TestDatabaseId,
  infra: { git: LocalGitServer; kube: LocalCluster },
  options: { config?: JsonObject; projects?: object[] } = {},
) {
  const knex = await databases.init(databaseId);
  const store = await DatabaseGitOpsStore.create({ knex });
  const { source, clusters, logger, worker, cleanup } = createReplica(
    store,
    options.config
      ? new ConfigReader(
          options.config,
          'test',
          localConfig(infra, options.projects),
        )
      : localConfig(infra, options.projects),
    { replica: 'test-replica' },
  );

  /** Registers apps, then reconciles every due one until none is due. */
  async function reconcile(...specs: ApplicationSpec[]) {
    if (specs.length)
      await store.replaceApplications(
        { origin: 'catalog', entityRef: specs[0].entityRef! },
        specs.map(spec => ({ spec })),
      );
    await worker.drain();
  }

  /** Makes an application due now, as its interval passing would (no request attached). */
  async function tick(id: string) {
    await knex('gitops_applications')
      .where('id', id)
      .update({ next_reconcile_at: new Date(Date.now() - 1000) });
    await worker.drain();
  }

  return {
    store,
    knex,
    source,
    clusters,
    worker,
    reconcile,
    tick,
    logger,
    cleanup,
  };
}

/** The common test shape: repository `ns` (or `repo`), folder `app/`, deployed into its own namespace `ns`. */
export function namespacedAppSpec(
  git: LocalGitServer,
  ns: string,
  overrides: Partial<ApplicationSpec> = {},
  repo = ns,
): ApplicationSpec {
  return appSpec(git, repo, {
    id: `component:default/${ns}#dev`,
    source: { repoUrl: git.repoUrl(repo), ref: 'main', path: 'app' },
    destination: {
      cluster: 'local',
      namespace: ns,
      allowedNamespaces: [ns],
      allowClusterScoped: false,
    },
    ...overrides,
  });
}

export function appSpec(
  git: LocalGitServer,
  repo: string,
  overrides: Partial<ApplicationSpec> & { id: string },
): ApplicationSpec {
  return testApplicationSpec({
    source: { repoUrl: git.repoUrl(repo), ref: 'main', path: '.' },
    destination: {
      cluster: 'local',
      namespace: 'default',
      allowedNamespaces: ['default'],
      allowClusterScoped: false,
    },
    ...overrides,
  });
}

/**
 * A suffix unique to one run of one test file. Every file of a run shares one cluster, which may
 * also outlive the run (GITOPS_CLUSTER_KUBECONFIG naming kind or a long-lived control plane): names
 * of namespaces and cluster-scoped objects carry it, so a test never meets another run's objects.
 */
export const RUN_ID = `${process.pid.toString(36)}${Math.random()
  .toString(36)
  .slice(2, 5)}`;

/** `base-<database>-<run>`: a namespace (or repository) name no other test, database or run uses. */
export function uniqueName(base: string, databaseId: TestDatabaseId): string {
  const name = `${base}-${databaseId
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')}-${RUN_ID}`;
  if (name.length > 63) {
    throw new Error(`${name} is longer than a namespace name may be (63)`);
  }
  return name;
}

/**
 * Deletes, after the file's last test, the cluster-scoped objects its tests created (a namespace
 * takes everything in it along, a CRD its custom resources): the shared cluster outlives the file.
 * Deletion is only requested; the namespace controller finishes it in the background.
 */
export function useClusterCleanup(infra: { kube: LocalCluster }) {
  const objects = new Map<
    string,
    { apiVersion: string; kind: string; name: string }
  >();
  afterAll(async () => {
    if (!infra.kube || objects.size === 0) return;
    try {
      // straight to the cluster: the suite's proxy may already be stopped (hooks run in declaration order)
      const upstream = await upstreamFromKubeconfig(infra.kube.adminKubeconfig);
      try {
        const cluster = createClusterHandle(upstream);
        for (const { apiVersion, kind, name } of objects.values()) {
          await cluster
            .delete(apiVersion, kind, undefined, name)
            .catch(() => undefined);
        }
      } finally {
        upstream.agent.destroy();
      }
    } catch {
      // a cluster of the suite's own is gone with it; unique names make any leftover harmless
    }
  }, 60_000);
  const track = (apiVersion: string, kind: string, name: string) => {
    objects.set(`${apiVersion}|${kind}|${name}`, { apiVersion, kind, name });
    return name;
  };
  return {
    /** Registers a namespace for deletion; returns its name. */
    namespace: (name: string) => track('v1', 'Namespace', name),
    /** Registers a cluster-scoped object (a CRD, a ClusterRole) for deletion; returns its name. */
    clusterScoped: track,
  };
}

export type TestEngine = Awaited<ReturnType<typeof createEngine>>;

/**
 * Reconciles an application again until `done` holds for its record, or the deadline passes, and
 * returns the last record for the test to assert on: real controllers take seconds to roll a
 * workload out (or to give up on it), so health is polled, never assumed.
 */
export async function tickUntil(
  engine: TestEngine,
  id: string,
  done: (record: Awaited<ReturnType<GitOpsStore['getApplication']>>) => boolean,
  { timeoutMs = 60_000, everyMs = 250 } = {},
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await engine.tick(id);
    const record = await engine.store.getApplication(id);
    if (done(record) || Date.now() > deadline) return record;
    await new Promise(resolve => setTimeout(resolve, everyMs));
  }
}
