import { Config } from '@backstage/config';
import { KubeConfig } from '@kubernetes/client-node';
import { ClusterApi } from './clusterApi';
import { KubeClient, KubeClientOptions } from './kubeClient';

/**
 * Clusters the engine deploys to. A portal configures them once, in the core Kubernetes plugin's
 * `kubernetes.clusterLocatorMethods` (type `config`), and may add `gitops.clusters` entries that
 * point at a kubeconfig context or the in-cluster service account.
 */
export function readClusters(
  config: Config,
  options: KubeClientOptions = {},
): Map<string, ClusterApi> {
  const clusters = new Map<string, ClusterApi>();
  const add = (name: string, kubeConfig: KubeConfig) => {
    const server = kubeConfig.getCurrentCluster()?.server;
    if (!server) throw new Error(`Cluster '${name}' has no server URL`);
    clusters.set(
      name,
      new ClusterApi(name, new KubeClient(server, kubeConfig, options)),
    );
  };

  for (const method of config.getOptionalConfigArray(
    'kubernetes.clusterLocatorMethods',
  ) ?? []) {
    if (method.getString('type') !== 'config') continue;
    for (const cluster of method.getOptionalConfigArray('clusters') ?? []) {
      const name = cluster.getString('name');
      const server = cluster.getString('url');
      const kubeConfig = new KubeConfig();
      kubeConfig.loadFromOptions({
        clusters: [
          {
            name,
            server,
            caData: cluster.getOptionalString('caData'),
            caFile: cluster.getOptionalString('caFile'),
            // plain-HTTP clusters have nothing to verify
            skipTLSVerify:
              cluster.getOptionalBoolean('skipTLSVerify') ??
              server.startsWith('http:'),
          },
        ],
        users: [
          { name, token: cluster.getOptionalString('serviceAccountToken') },
        ],
        contexts: [{ name, cluster: name, user: name }],
        currentContext: name,
      });
      add(name, kubeConfig);
    }
  }

  for (const cluster of config.getOptionalConfigArray('gitops.clusters') ??
    []) {
    const name = cluster.getString('name');
    const kubeConfig = new KubeConfig();
    const file = cluster.getOptionalBoolean('inCluster')
      ? undefined
      : cluster.getString('kubeconfig');
    try {
      if (file) {
        kubeConfig.loadFromFile(file);
        const context = cluster.getOptionalString('context');
        if (context) kubeConfig.setCurrentContext(context);
      } else {
        // outside a pod the client would quietly aim at https://undefined:undefined
        if (
          !process.env.KUBERNETES_SERVICE_HOST ||
          !process.env.KUBERNETES_SERVICE_PORT
        ) {
          throw new Error(
            'KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set: the backend is not running in a Kubernetes pod',
          );
        }
        kubeConfig.loadFromCluster();
      }
    } catch (error) {
      // the client's own message ("clusters[0].cluster.server is missing") names neither
      throw new Error(
        `Cluster '${name}' (${file ? `kubeconfig ${file}` : 'in-cluster'}): ${
          (error as Error).message
        }`,
      );
    }
    // outside the try: its own error names the cluster already
    add(name, kubeConfig);
  }
  return clusters;
}
