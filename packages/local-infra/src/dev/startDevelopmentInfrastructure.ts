import fs from 'node:fs';
import path from 'node:path';
import { LocalGitServer, startLocalGitServer } from '../git';
import {
  CLUSTER_KUBECONFIG_ENV,
  ControlPlane,
  startControlPlane,
} from '../kube';

/** Credentials of the development Git server; app-config.yaml's integration entry uses the same. */
export const DEV_GIT_CREDENTIALS = {
  username: 'portal-dev',
  password: 'local-dev-password',
};

export interface DevelopmentInfrastructure {
  git: LocalGitServer;
  gitUrl: string;
  /** Admin kubeconfig of the development cluster. */
  kubeconfig: string;
  stop(): Promise<void>;
}

// eslint-disable-next-line no-restricted-syntax -- the private test kit runs from source, never bundled
const DEMO_DIR = path.resolve(__dirname, '../../demo');
// eslint-disable-next-line no-restricted-syntax -- as above
const CACHE_DIR = path.resolve(__dirname, '../../../../.cache');

/**
 * Starts the local Git server (seeded with the demo config repositories) and the local Kubernetes
 * control plane for the development portal, or uses the cluster GITOPS_CLUSTER_KUBECONFIG names,
 * and exports their coordinates as the environment variables app-config.yaml reads. The cluster
 * keeps its etcd data in .cache/dev-cluster across restarts; both live as long as the backend.
 */
export async function startDevelopmentInfrastructure(
  options: { gitPort?: number; kubePort?: number } = {},
): Promise<DevelopmentInfrastructure> {
  const git = await startLocalGitServer({
    port: options.gitPort ?? 7008,
    auth: DEV_GIT_CREDENTIALS,
  });
  const reposDir = path.join(DEMO_DIR, 'repos');
  for (const name of fs.readdirSync(reposDir)) {
    await git.seedRepo(
      `demo/${name}`,
      { fromDir: path.join(reposDir, name) },
      {
        message: `Initial ${name} configuration`,
        author: { name: 'Team Shop', email: 'team-shop@example.com' },
      },
    );
  }

  let controlPlane: ControlPlane | undefined;
  let kubeconfig = process.env[CLUSTER_KUBECONFIG_ENV];
  if (!kubeconfig) {
    kubeconfig = path.join(CACHE_DIR, 'dev-kubeconfig.yaml');
    controlPlane = await startControlPlane({
      dataDir: path.join(CACHE_DIR, 'dev-cluster'),
      port: options.kubePort ?? 6443,
      kubeconfigPath: kubeconfig,
    });
  }
  process.env.GITOPS_LOCAL_GIT_URL = git.url;
  process.env.GITOPS_LOCAL_KUBECONFIG = kubeconfig;
  const cluster = controlPlane
    ? `local Kubernetes ${controlPlane.version} at ${controlPlane.server}, ready in ${controlPlane.startupMs} ms (kubeconfig: ${kubeconfig})`
    : `cluster from ${CLUSTER_KUBECONFIG_ENV} (${kubeconfig})`;
  const repos = fs.readdirSync(reposDir).join(', ');
  // eslint-disable-next-line no-console
  console.log(`Local Git server ${git.url} (demo repos: ${repos}); ${cluster}`);
  return {
    git,
    gitUrl: git.url,
    kubeconfig,
    stop: async () => {
      await Promise.all([git.stop(), controlPlane?.stop()]);
    },
  };
}
