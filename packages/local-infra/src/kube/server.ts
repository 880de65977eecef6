import { randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { bootstrapCluster } from './bootstrap';
import { Cluster } from './cluster';
import { ClusterHandle, clusterHandle } from './clusterHandle';
import { startCrdController } from './controllers/crds';
import { startGarbageCollector } from './controllers/garbageCollector';
import { startNamespaceController } from './controllers/namespaces';
import { FaultInjector, Faults } from './faults';
import { writeKubeconfigFile } from './kubeconfig';
import { RequestLog } from './requestLog';
import { createRequestHandler } from './router';
import { generateCertificates } from './tls';
import type { RequestLogEntry } from './types';
import { WatchHub } from './watch';
import { WorkloadSimulator } from './workloads';

export interface LocalKubeApiServerOptions {
  /** HTTPS with a freshly generated CA (default true). */
  tls?: boolean;
  /** Bearer token every request must carry (default: random). */
  token?: string;
  port?: number;
  /** Simulator delay before workloads become ready (default 200 ms). */
  workloadDelayMs?: number;
  /** Watch/list history kept for resuming (default 5000 events); older resourceVersions get 410 Gone. */
  eventHistoryLimit?: number;
  /** How often an open watch with allowWatchBookmarks gets a BOOKMARK (default 2000 ms). */
  watchBookmarkIntervalMs?: number;
}

export interface LocalKubeApiServer {
  url: string;
  /** base64 of the CA PEM, as kubeconfig's certificate-authority-data ('' without TLS). */
  caData: string;
  caPem: string;
  token: string;
  requestLog: RequestLogEntry[];
  clearRequestLog(): void;
  /** Non-dry-run create/update/patch/apply/delete/deletecollection requests. */
  writes(): RequestLogEntry[];
  faults: FaultInjector;
  cluster: ClusterHandle;
  /** Writes a kubeconfig with the server, CA data and token (context "local"). */
  writeKubeconfig(path: string): void;
  stop(): Promise<void>;
}

export async function startLocalKubeApiServer(
  options: LocalKubeApiServerOptions = {},
): Promise<LocalKubeApiServer> {
  const certs = options.tls === false ? undefined : generateCertificates();
  const caPem = certs?.caPem ?? '';
  const token = options.token ?? randomBytes(24).toString('hex');
  const cluster = new Cluster({
    caPem,
    historyLimit: options.eventHistoryLimit,
  });
  const stopControllers = [
    startNamespaceController(cluster),
    startGarbageCollector(cluster),
    startCrdController(cluster),
  ];
  const simulator = new WorkloadSimulator(
    cluster,
    options.workloadDelayMs ?? 200,
  );
  simulator.start();
  bootstrapCluster(cluster);

  const watches = new WatchHub(
    cluster,
    options.watchBookmarkIntervalMs ?? 2000,
  );
  const log = new RequestLog();
  const faults = new Faults();
  let address = '127.0.0.1:0';
  const handler = createRequestHandler({
    cluster,
    watches,
    log,
    faults,
    token,
    serverAddress: () => address,
  });
  const server = certs
    ? https.createServer({ key: certs.keyPem, cert: certs.certPem }, handler)
    : http.createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  address = `127.0.0.1:${port}`;
  const url = `${certs ? 'https' : 'http'}://${address}`;
  const caData = caPem ? Buffer.from(caPem).toString('base64') : '';

  return {
    url,
    caData,
    caPem,
    token,
    requestLog: log.entries,
    clearRequestLog: () => log.clear(),
    writes: () => log.writes(),
    faults,
    cluster: clusterHandle(cluster, simulator),
    writeKubeconfig: path => writeKubeconfigFile(path, { url, caData, token }),
    stop: async () => {
      simulator.stop();
      stopControllers.forEach(stop => stop());
      watches.closeAll();
      await new Promise<void>(resolve => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
