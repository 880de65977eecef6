import fs from 'node:fs';
import path from 'node:path';
import { LocalGitServer, startLocalGitServer } from '../git';
import { startLocalKubeApiServer } from '../kube';

/** Credentials of the development Git server; app-config.yaml's integration entry uses the same. */
export const DEV_GIT_CREDENTIALS = { username: 'portal-dev', password: 'local-dev-password' };

export interface DevelopmentInfrastructure {
  git: LocalGitServer;
  gitUrl: string;
  kubeUrl: string;
  stop(): Promise<void>;
}

const DEMO_DIR = path.resolve(__dirname, '../../demo');

/**
 * Starts the local Git server (seeded with the demo config repositories) and the local Kubernetes
 * API server for the development portal, and exports their coordinates as the environment
 * variables app-config.yaml reads. Both live as long as the backend process.
 */
export async function startDevelopmentInfrastructure(options: { gitPort?: number; kubePort?: number } = {}): Promise<DevelopmentInfrastructure> {
  const git = await startLocalGitServer({ port: options.gitPort ?? 7008, auth: DEV_GIT_CREDENTIALS });
  const kube = await startLocalKubeApiServer({ port: options.kubePort ?? 6443, workloadDelayMs: 1500 });
  const reposDir = path.join(DEMO_DIR, 'repos');
  for (const name of fs.readdirSync(reposDir)) {
    await git.seedRepo(`demo/${name}`, { fromDir: path.join(reposDir, name) }, { message: `Initial ${name} configuration`, author: { name: 'Team Shop', email: 'team-shop@example.com' } });
  }
  process.env.GITOPS_LOCAL_GIT_URL = git.url;
  process.env.GITOPS_LOCAL_KUBE_URL = kube.url;
  process.env.GITOPS_LOCAL_KUBE_CA_DATA = kube.caData;
  process.env.GITOPS_LOCAL_KUBE_TOKEN = kube.token;
  const kubeconfig = path.resolve(__dirname, '../../../../.cache/dev-kubeconfig.yaml');
  fs.mkdirSync(path.dirname(kubeconfig), { recursive: true });
  kube.writeKubeconfig(kubeconfig);
  // eslint-disable-next-line no-console
  console.log(`Local Git server ${git.url} (demo repos: ${fs.readdirSync(reposDir).join(', ')}); local Kubernetes API ${kube.url} (kubeconfig: ${kubeconfig})`);
  return {
    git,
    gitUrl: git.url,
    kubeUrl: kube.url,
    stop: async () => {
      await Promise.all([git.stop(), kube.stop()]);
    },
  };
}
