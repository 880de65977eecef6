import { ApplicationSpec } from '@backstage-gitops/plugin-gitops-common';
import { GitOpsStore } from '@backstage-gitops/plugin-gitops-backend/testUtils';
import { ApplicationRecord } from '@backstage-gitops/plugin-gitops-backend/testUtils';
import { ReconcileOutcome } from '@backstage-gitops/plugin-gitops-backend/testUtils';
import { createReconcileEngine } from '@backstage-gitops/plugin-gitops-backend/testUtils';
import { ConfigReader } from '@backstage/config';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GIT_AUTH, InfraInfo } from '../infra/protocol';
import { KUBECTL } from '../peers/kubectl';
import { CollectingLogger } from './logger';

/** The project of every benchmark application: any repository, namespace and kind. */
const BENCH_PROJECT = {
  name: 'bench',
  sourceRepos: ['**'],
  destinations: [{ cluster: '*', namespace: '*' }],
  clusterResources: { allow: [{ group: '*', kind: '*' }] },
};

/** Portal configuration pointing at the local servers, as app-config would. */
export function benchConfig(
  info: InfraInfo,
  extra: Record<string, unknown> = {},
) {
  const { gitops, ...rest } = extra as { gitops?: object };
  return new ConfigReader({
    integrations: {
      gitea: [
        {
          host: new URL(info.git.url).host,
          baseUrl: info.git.url,
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
              url: info.kube.url,
              caData: info.kube.caData,
              serviceAccountToken: info.kube.token,
            },
          ],
        },
      ],
    },
    ...rest,
    gitops: { projects: [BENCH_PROJECT], ...gitops },
  });
}

export interface ReplicaOptions {
  /** Worker settings; the defaults are the plugin's (gitops.worker.*). */
  concurrency?: number;
  pollIntervalMs?: number;
  leaseMs?: number;
  /** Share a Git cache folder (kept on dispose); default a fresh one, removed on dispose. */
  cacheDir?: string;
  onOutcome?: (app: ApplicationRecord, outcome: ReconcileOutcome) => void;
}

/**
 * One backend replica's engine, built by the plugin's own `createReconcileEngine` (same defaults):
 * a Git cache on a fresh folder, cluster clients from the config, the health registry, the
 * reconciler and the worker.
 */
export function createReplica(
  store: GitOpsStore,
  info: InfraInfo,
  options: ReplicaOptions = {},
) {
  const logger = new CollectingLogger();
  const { source, clusters, worker, cacheDir } = createReconcileEngine({
    store,
    config: benchConfig(info),
    logger,
    replica: `bench-${process.pid}`,
    cacheDir:
      options.cacheDir ??
      fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-bench-cache-')),
    kubectlPath: KUBECTL,
    worker: {
      concurrency: options.concurrency,
      leaseMs: options.leaseMs,
      pollIntervalMs: options.pollIntervalMs,
    },
    onOutcome: options.onOutcome,
  });
  return {
    source,
    clusters,
    cluster: clusters.get('local')!,
    logger,
    worker,
    cacheDir,
    dispose: async () => {
      await worker.stop();
      if (!options.cacheDir)
        fs.rmSync(cacheDir, { recursive: true, force: true });
    },
  };
}

export type Replica = ReturnType<typeof createReplica>;

/** An application spec following `path` of `repoUrl` into `namespace` on the local cluster. */
export function benchAppSpec(options: {
  id: string;
  repoUrl: string;
  path: string;
  namespace: string;
  entityRef?: string;
  intervalSeconds?: number;
}): ApplicationSpec {
  return {
    id: options.id,
    environment: 'bench',
    origin: 'catalog',
    entityRef: options.entityRef ?? `component:default/${options.id}`,
    project: BENCH_PROJECT.name,
    source: { repoUrl: options.repoUrl, ref: 'main', path: options.path },
    destination: {
      cluster: 'local',
      namespace: options.namespace,
      allowedNamespaces: [options.namespace],
      allowClusterScoped: false,
    },
    policy: {
      automated: true,
      selfHeal: true,
      prune: true,
      suspended: false,
      retry: { limit: 5, initialBackoffSeconds: 5, maxBackoffSeconds: 300 },
    },
    intervalSeconds: options.intervalSeconds ?? 180,
    ignoreDifferences: [],
  };
}
