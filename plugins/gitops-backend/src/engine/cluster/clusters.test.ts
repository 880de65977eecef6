/* eslint-disable @backstage/no-undeclared-imports -- test-only helpers, never part of the built package */
import { ConfigReader } from '@backstage/config';
import { LocalCluster, startLocalCluster } from '@internal/local-infra';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { readClusters } from './clusters';

/** A kubeconfig whose current context has a wrong token, and a second context with the right one. */
function kubeconfig(kube: LocalCluster) {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: 'local',
        cluster: {
          server: kube.url,
          'certificate-authority-data': kube.caData,
        },
      },
    ],
    users: [
      { name: 'deployer', user: { token: kube.token } },
      { name: 'stranger', user: { token: 'not-the-token' } },
    ],
    contexts: [
      { name: 'deploy', context: { cluster: 'local', user: 'deployer' } },
      { name: 'guest', context: { cluster: 'local', user: 'stranger' } },
    ],
    'current-context': 'guest',
  });
}

describe('readClusters', () => {
  let kube: LocalCluster;
  let dir: string;
  beforeAll(async () => {
    kube = await startLocalCluster();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-kubeconfig-'));
  }, 180_000);
  afterAll(async () => {
    await kube?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const namespaces = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'default' },
  };

  it('reads gitops.clusters from a kubeconfig file, with its chosen or its current context', async () => {
    const file = path.join(dir, 'config');
    fs.writeFileSync(file, kubeconfig(kube));
    const clusters = readClusters(
      new ConfigReader({
        gitops: {
          clusters: [
            { name: 'prod', kubeconfig: file, context: 'deploy' },
            { name: 'as-current', kubeconfig: file },
          ],
        },
      }),
      { attempts: 1 },
    );
    expect([...clusters.keys()]).toEqual(['prod', 'as-current']);
    // the chosen context's CA and token reach the server over TLS
    await expect(clusters.get('prod')!.get(namespaces)).resolves.toMatchObject({
      metadata: { name: 'default' },
    });
    // without a context the kubeconfig's current one applies: here, a token the server refuses
    await expect(clusters.get('as-current')!.get(namespaces)).rejects.toThrow(
      /401|Unauthorized/,
    );
  });

  it('reads kubernetes.clusterLocatorMethods clusters of type config, next to gitops.clusters', async () => {
    const clusters = readClusters(
      new ConfigReader({
        kubernetes: {
          clusterLocatorMethods: [
            { type: 'catalog' },
            {
              type: 'config',
              clusters: [
                {
                  name: 'local',
                  url: kube.url,
                  caData: kube.caData,
                  serviceAccountToken: kube.token,
                },
              ],
            },
          ],
        },
      }),
    );
    expect([...clusters.keys()]).toEqual(['local']);
    await expect(clusters.get('local')!.get(namespaces)).resolves.toBeDefined();
  });

  it('says which cluster is wrong when a kubeconfig context has no server', () => {
    const file = path.join(dir, 'no-server');
    // (client-node refuses it while loading; a context without a cluster fails in our own check)
    fs.writeFileSync(
      file,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'empty', cluster: {} }],
        users: [{ name: 'u', user: { token: 't' } }],
        contexts: [{ name: 'c', context: { cluster: 'empty', user: 'u' } }],
        'current-context': 'c',
      }),
    );
    expect(() =>
      readClusters(
        new ConfigReader({
          gitops: { clusters: [{ name: 'broken', kubeconfig: file }] },
        }),
      ),
    ).toThrow(
      `Cluster 'broken' (kubeconfig ${file}): clusters[0].cluster.server is missing`,
    );
  });

  it('refuses an in-cluster cluster when the backend is not in a pod', () => {
    const saved = process.env.KUBERNETES_SERVICE_HOST;
    delete process.env.KUBERNETES_SERVICE_HOST;
    try {
      expect(() =>
        readClusters(
          new ConfigReader({
            gitops: { clusters: [{ name: 'here', inCluster: true }] },
          }),
        ),
      ).toThrow(
        "Cluster 'here' (in-cluster): KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set",
      );
    } finally {
      if (saved !== undefined) process.env.KUBERNETES_SERVICE_HOST = saved;
    }
  });
});
