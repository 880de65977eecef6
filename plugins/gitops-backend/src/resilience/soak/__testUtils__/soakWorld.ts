import { ApplicationSpec } from '@backstage-gitops/plugin-gitops-common';
import { JsonObject } from '@backstage/types';
import {
  CLUSTER_KUBECONFIG_ENV,
  ControlPlane,
  LocalCluster,
  LocalGitServer,
  startControlPlane,
  startLocalCluster,
  startLocalGitServer,
} from '@internal/local-infra';
import { GitOpsStore } from '../../../database/GitOpsStore';
import {
  OPEN_TEST_PROJECT,
  testApplicationSpec,
} from '../../../testUtils/applications';
import { secretManifest } from '../../__testUtils__/leakScan';
import { deleteNamespaces, uniqueName } from '../../__testUtils__/names';

const GIT_AUTH = { username: 'gitops', password: 'soak-password' };

export interface SoakOptions {
  minutes: number;
  apps: number;
  clusters: number;
  /** Reconcile interval of every application: how soon a hand edit is seen without a webhook. */
  intervalSeconds: number;
  commitEveryMs: number;
  driftEveryMs: number;
  warmUpMinutes: number;
  replicas: number;
  concurrency: number;
}

const num = (value: string | undefined, fallback: number) =>
  value && Number.isFinite(Number(value)) && Number(value) > 0
    ? Number(value)
    : fallback;

/** The soak's knobs, from the environment `yarn test:soak` sets from its flags. */
export function soakOptions(env: NodeJS.ProcessEnv = process.env): SoakOptions {
  const minutes = num(env.GITOPS_SOAK_MINUTES, 10);
  return {
    minutes,
    apps: num(env.GITOPS_SOAK_APPS, 500),
    clusters: num(env.GITOPS_SOAK_CLUSTERS, 3),
    intervalSeconds: num(env.GITOPS_SOAK_INTERVAL_SECONDS, 60),
    commitEveryMs: num(env.GITOPS_SOAK_COMMIT_EVERY_MS, 1_000),
    driftEveryMs: num(env.GITOPS_SOAK_DRIFT_EVERY_MS, 2_000),
    warmUpMinutes: Math.min(2, minutes / 5),
    replicas: 2,
    concurrency: num(env.GITOPS_SOAK_CONCURRENCY, 4),
  };
}

/** One application of the soak: a ConfigMap whose `rev` follows commits and a Secret. */
export interface SoakApp {
  index: number;
  spec: ApplicationSpec;
  repo: string;
  cluster: number;
  /** The namespace its objects live in (its cluster's namespace). */
  namespace: string;
  file: string;
  /** The `rev` Git holds now. */
  rev: number;
}

export const appConfigMap = (index: number, rev: number) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: app-${index} }\ndata: { rev: "${rev}", value: git }\n`;

export interface SoakWorld {
  git: LocalGitServer;
  /** One per cluster name: the run's one cluster, each time behind a proxy of its own. */
  kubes: LocalCluster[];
  /** The namespace of each cluster name, unique to this run. */
  namespaces: string[];
  apps: SoakApp[];
  /** Portal config for a replica process: the Git integration and every cluster. */
  config: JsonObject;
  /** The live ConfigMap of an application (read directly, outside the proxies' logs). */
  liveData(app: SoakApp): Promise<Record<string, string> | undefined>;
  stop(): Promise<void>;
}

/**
 * The soak's infrastructure: one Git server; `clusters` cluster names, all of them the run's one
 * Kubernetes cluster (GITOPS_CLUSTER_KUBECONFIG's, or a local control plane started here when it
 * is unset) reached through a fault proxy each, as separate clusters would be, with a namespace of
 * their own so their objects never meet; one config repository per service with one environment
 * per cluster name (apps/clusters services); and every application registered in the store as
 * catalog onboarding would.
 */
export async function startSoakWorld(
  options: SoakOptions,
  store: GitOpsStore,
): Promise<SoakWorld> {
  // the cluster names share one cluster: never a control plane per startLocalCluster() call
  let own: ControlPlane | undefined;
  if (!process.env[CLUSTER_KUBECONFIG_ENV]) {
    own = await startControlPlane();
    process.env[CLUSTER_KUBECONFIG_ENV] = own.kubeconfigPath;
  }
  let git: LocalGitServer | undefined;
  const kubes: LocalCluster[] = [];
  const namespaces: string[] = [];
  const stop = async () => {
    await git?.stop();
    // what the soak made goes with it: the cluster is shared and may outlive the run
    if (kubes.length) await deleteNamespaces(kubes[0], namespaces);
    await Promise.all(kubes.map(k => k.stop()));
    if (own) {
      delete process.env[CLUSTER_KUBECONFIG_ENV];
      await own.stop();
    }
  };
  try {
    git = await startLocalGitServer({ auth: GIT_AUTH });
    return await populate(options, store, git, kubes, namespaces, stop);
  } catch (error) {
    await stop();
    throw error;
  }
}

async function populate(
  options: SoakOptions,
  store: GitOpsStore,
  git: LocalGitServer,
  kubes: LocalCluster[],
  namespaces: string[],
  stop: () => Promise<void>,
): Promise<SoakWorld> {
  const run = uniqueName('soak');
  for (let c = 0; c < options.clusters; c++) {
    const kube = await startLocalCluster();
    kubes.push(kube);
    namespaces.push(`${run}-c${c}`);
    await kube.cluster.create({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespaces[c] },
    });
  }

  const apps: SoakApp[] = [];
  const services = Math.ceil(options.apps / options.clusters);
  for (let s = 0; s < services; s++) {
    const repo = `svc-${s}`;
    const files: Record<string, string> = {};
    const specs: ApplicationSpec[] = [];
    for (let c = 0; c < options.clusters && apps.length < options.apps; c++) {
      const index = apps.length;
      const file = `envs/c${c}/app.yaml`;
      files[file] = appConfigMap(index, 0);
      files[`envs/c${c}/secret.yaml`] = secretManifest(`app-${index}`);
      const spec = testApplicationSpec({
        id: `component:default/${repo}#c${c}`,
        environment: `c${c}`,
        entityRef: `component:default/${repo}`,
        source: { repoUrl: git.repoUrl(repo), ref: 'main', path: `envs/c${c}` },
        destination: {
          cluster: `cluster-${c}`,
          namespace: namespaces[c],
          allowedNamespaces: [namespaces[c]],
          allowClusterScoped: false,
        },
        intervalSeconds: options.intervalSeconds,
      });
      specs.push(spec);
      apps.push({
        index,
        spec,
        repo,
        cluster: c,
        namespace: namespaces[c],
        file,
        rev: 0,
      });
    }
    await git.seedRepo(repo, files);
    await store.replaceApplications(
      { origin: 'catalog', entityRef: specs[0].entityRef! },
      specs.map(spec => ({ spec })),
    );
  }

  const config: JsonObject = {
    gitops: { projects: [OPEN_TEST_PROJECT] },
    integrations: {
      gitea: [{ host: new URL(git.url).host, baseUrl: git.url, ...GIT_AUTH }],
    },
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: kubes.map((kube, c) => ({
            name: `cluster-${c}`,
            url: kube.url,
            caData: kube.caData,
            serviceAccountToken: kube.token,
          })),
        },
      ],
    },
  };
  return {
    git,
    kubes,
    namespaces,
    apps,
    config,
    liveData: async app =>
      (
        await kubes[app.cluster].cluster.get(
          'v1',
          'ConfigMap',
          app.namespace,
          `app-${app.index}`,
        )
      )?.data,
    stop,
  };
}
