/* eslint-disable @backstage/no-undeclared-imports -- test-only helpers, never part of the built package */
import { ApplicationSpec } from '@backstage-gitops/plugin-gitops-common';
import {
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  KUBECTL_PATH,
  LocalCluster,
  LocalGitServer,
  requireKubectl,
  startLocalCluster,
  startLocalGitServer,
} from '@internal/local-infra';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseGitOpsStore, GitOpsStore } from '../../database/GitOpsStore';
import { createReconcileEngine, ReconcileFn } from '../../reconcileEngine';
import { testApplicationSpec } from '../../testUtils/applications';

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

/** Portal config pointing at the local servers, as app-config would. */
export function localConfig(infra: {
  git: LocalGitServer;
  kube: LocalCluster;
}) {
  return new ConfigReader({
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
  },
) {
  const logger = mockServices.logger.mock();
  const { source, clusters, worker, cacheDir } = createReconcileEngine({
    store,
    config,
    logger,
    replica: options.replica,
    cacheDir: fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-engine-test-')),
    kubectlPath: KUBECTL,
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

/** A store, source cache, cluster and worker wired like the plugin does, on one test database. */
export async function createEngine(
  databases: TestDatabases,
  databaseId: TestDatabaseId,
  infra: { git: LocalGitServer; kube: LocalCluster },
) {
  const knex = await databases.init(databaseId);
  const store = await DatabaseGitOpsStore.create({ knex });
  const { source, clusters, logger, worker, cleanup } = createReplica(
    store,
    localConfig(infra),
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

/** The common test shape: repository `ns`, folder `app/`, deployed into its own namespace `ns`. */
export function namespacedAppSpec(
  git: LocalGitServer,
  ns: string,
  overrides: Partial<ApplicationSpec> = {},
): ApplicationSpec {
  return appSpec(git, ns, {
    id: `component:default/${ns}#dev`,
    source: { repoUrl: git.repoUrl(ns), ref: 'main', path: 'app' },
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
