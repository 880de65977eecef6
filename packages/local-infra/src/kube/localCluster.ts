import fs from 'node:fs';
import { ClusterHandle, createClusterHandle } from './clusterHandle';
import {
  CLUSTER_KUBECONFIG_ENV,
  ControlPlane,
  startControlPlane,
} from './controlPlane';
import type { FaultInjector } from './faults';
import { startFaultProxy } from './faultProxy';
import { writeKubeconfigFile } from './kubeconfig';
import type { RequestLogEntry } from './types';
import { upstreamFromKubeconfig, upstreamRequest } from './upstream';

/**
 * A real Kubernetes cluster for one test suite, seen through its own fault proxy: `url`, `caData`
 * and `token` are what the engine under test is configured with; `cluster` reads and writes the
 * cluster directly.
 */
export interface LocalCluster {
  url: string;
  caData: string;
  caPem: string;
  token: string;
  /** The API server's release (its /version gitVersion), e.g. v1.34.4. */
  version: string;
  /** Every request that went through the proxy, in arrival order. */
  requestLog: RequestLogEntry[];
  clearRequestLog(): void;
  /** Non-dry-run create/update/patch/apply/delete/deletecollection requests. */
  writes(): RequestLogEntry[];
  faults: FaultInjector;
  cluster: ClusterHandle;
  /** The admin kubeconfig of the cluster itself (no proxy), for kubectl in tests. */
  adminKubeconfig: string;
  /** Writes a kubeconfig that reaches the cluster through this suite's proxy. */
  writeKubeconfig(path: string): void;
  stop(): Promise<void>;
}

export interface LocalClusterOptions {
  /** Port of the proxy the engine talks to (default: a free port). */
  port?: number;
}

/**
 * Connects to the cluster that GITOPS_CLUSTER_KUBECONFIG names (the test command starts one local
 * control plane for the whole run and sets it; a developer may point it at kind or k3d), or starts
 * a local control plane of its own when the variable is unset, stopped with the suite.
 */
export async function startLocalCluster(
  options: LocalClusterOptions = {},
): Promise<LocalCluster> {
  let own: ControlPlane | undefined;
  let kubeconfigPath = process.env[CLUSTER_KUBECONFIG_ENV];
  if (kubeconfigPath) {
    if (!fs.existsSync(kubeconfigPath)) {
      throw new Error(
        `${CLUSTER_KUBECONFIG_ENV}=${kubeconfigPath}: no such file`,
      );
    }
  } else {
    own = await startControlPlane();
    kubeconfigPath = own.kubeconfigPath;
  }
  const upstream = await upstreamFromKubeconfig(kubeconfigPath);
  const versionResponse = await upstreamRequest(upstream, 'GET', '/version');
  if (versionResponse.status !== 200) {
    await own?.stop();
    throw new Error(
      `the cluster at ${upstream.server} (kubeconfig ${kubeconfigPath}) answered /version with HTTP ${versionResponse.status}`,
    );
  }
  const proxy = await startFaultProxy(upstream, { port: options.port });
  return {
    url: proxy.url,
    caData: proxy.caData,
    caPem: proxy.caPem,
    token: proxy.token,
    version: versionResponse.body.gitVersion,
    requestLog: proxy.log.entries,
    clearRequestLog: () => proxy.log.clear(),
    writes: () => proxy.log.writes(),
    faults: proxy.faults,
    cluster: createClusterHandle(upstream),
    adminKubeconfig: kubeconfigPath,
    writeKubeconfig: path =>
      writeKubeconfigFile(path, {
        url: proxy.url,
        caData: proxy.caData,
        token: proxy.token,
      }),
    stop: async () => {
      await proxy.stop();
      upstream.agent.destroy();
      await own?.stop();
    },
  };
}
