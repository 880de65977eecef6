import { KubeConfig } from '@kubernetes/client-node';
import https from 'node:https';
import type { OutgoingHttpHeaders } from 'node:http';

/** A real API server and the admin credentials of its kubeconfig. */
export interface Upstream {
  server: URL;
  agent: https.Agent;
  /** Authentication headers for one request (exec plugins may refresh their token). */
  authHeaders(): Promise<OutgoingHttpHeaders>;
  /** The kubeconfig's own file, for kubectl. */
  kubeconfigPath: string;
}

export async function upstreamFromKubeconfig(
  kubeconfigPath: string,
): Promise<Upstream> {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile(kubeconfigPath);
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster?.server) {
    throw new Error(
      `kubeconfig ${kubeconfigPath} has no current cluster with a server URL`,
    );
  }
  const tlsOptions: https.RequestOptions = {};
  await kubeConfig.applyToHTTPSOptions(tlsOptions);
  const agent = new https.Agent({
    keepAlive: true,
    maxSockets: 128,
    ca: tlsOptions.ca,
    cert: tlsOptions.cert,
    key: tlsOptions.key,
    rejectUnauthorized: tlsOptions.rejectUnauthorized,
  });
  return {
    server: new URL(cluster.server),
    agent,
    kubeconfigPath,
    authHeaders: async () => {
      const options: https.RequestOptions = {};
      await kubeConfig.applyToHTTPSOptions(options);
      return (options.headers ?? {}) as OutgoingHttpHeaders;
    },
  };
}

export interface UpstreamResponse {
  status: number;
  body: any;
}

/** One JSON request to the upstream API server with its admin credentials. */
export async function upstreamRequest(
  upstream: Upstream,
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<UpstreamResponse> {
  const headers: OutgoingHttpHeaders = {
    ...(await upstream.authHeaders()),
    accept: 'application/json',
  };
  const payload =
    body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  if (payload) {
    headers['content-type'] = contentType;
    headers['content-length'] = payload.length;
  }
  return new Promise((resolve, reject) => {
    const req = https.request(
      {
        agent: upstream.agent,
        hostname: upstream.server.hostname,
        port: upstream.server.port || 443,
        path: upstream.server.pathname.replace(/\/$/, '') + path,
        method,
        headers,
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', chunk => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            // not JSON: keep the text
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
