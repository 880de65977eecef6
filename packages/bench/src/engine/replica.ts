import { ApplicationSpec } from '@backstage-gitops/plugin-gitops-common';
import { GitOpsStore } from '@backstage-gitops/plugin-gitops-backend/src/database/GitOpsStore';
import { ApplicationRecord } from '@backstage-gitops/plugin-gitops-backend/src/database/types';
import { ClusterApi } from '@backstage-gitops/plugin-gitops-backend/src/engine/cluster/clusterApi';
import { readClusters } from '@backstage-gitops/plugin-gitops-backend/src/engine/cluster/clusters';
import { createHealthRegistry } from '@backstage-gitops/plugin-gitops-backend/src/engine/health';
import {
  reconcileApplication,
  ReconcileOutcome,
} from '@backstage-gitops/plugin-gitops-backend/src/engine/reconciler';
import { GitRepositoryCache } from '@backstage-gitops/plugin-gitops-backend/src/engine/source/gitRepositoryCache';
import { ReconcileWorker } from '@backstage-gitops/plugin-gitops-backend/src/scheduler/ReconcileWorker';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GIT_AUTH, InfraInfo } from '../infra/protocol';
import { KUBECTL } from '../peers/kubectl';
import { CollectingLogger } from './logger';

/** Portal configuration pointing at the local servers, as app-config would. */
export function benchConfig(
  info: InfraInfo,
  extra: Record<string, unknown> = {},
) {
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
    ...extra,
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
 * One backend replica's engine, wired as plugin.ts wires it (same defaults): a Git cache on a fresh
 * folder, cluster clients from the config, the health registry, the reconciler and the worker.
 */
export function createReplica(
  store: GitOpsStore,
  info: InfraInfo,
  options: ReplicaOptions = {},
) {
  const config = benchConfig(info);
  const cacheDir =
    options.cacheDir ??
    fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-bench-cache-'));
  const logger = new CollectingLogger();
  const source = new GitRepositoryCache({
    cacheDir,
    integrations: ScmIntegrations.fromConfig(config),
  });
  const clusters: Map<string, ClusterApi> = readClusters(config);
  const health = createHealthRegistry();
  const replica = `bench-${process.pid}`;
  const worker = new ReconcileWorker({
    store,
    logger,
    replica,
    concurrency: options.concurrency ?? 4,
    leaseMs: options.leaseMs ?? 60_000,
    pollIntervalMs: options.pollIntervalMs ?? 5_000,
    progressingRecheckMs: 3_000,
    reconcile: app =>
      reconcileApplication(
        {
          store,
          source,
          clusters,
          logger,
          replica,
          assessHealth: o => health.assessHealth(o),
          kubectlPath: KUBECTL,
        },
        app,
      ),
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
