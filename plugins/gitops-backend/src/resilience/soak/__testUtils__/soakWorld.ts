import { ApplicationSpec } from '@backstage-gitops/plugin-gitops-common';
import { JsonObject } from '@backstage/types';
import {
  LocalGitServer,
  LocalKubeApiServer,
  startLocalGitServer,
  startLocalKubeApiServer,
} from '@internal/local-infra';
import { GitOpsStore } from '../../../database/GitOpsStore';
import { testApplicationSpec } from '../../../testUtils/applications';
import { secretManifest } from '../../__testUtils__/leakScan';

const GIT_AUTH = { username: 'gitops', password: 'soak-password' };
export const SOAK_NAMESPACE = 'soak';

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
  file: string;
  /** The `rev` Git holds now. */
  rev: number;
}

export const appConfigMap = (index: number, rev: number) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: app-${index} }\ndata: { rev: "${rev}", value: git }\n`;

export interface SoakWorld {
  git: LocalGitServer;
  kubes: LocalKubeApiServer[];
  apps: SoakApp[];
  /** Portal config for a replica process: the Git integration and every cluster. */
  config: JsonObject;
  stop(): Promise<void>;
}

/**
 * The soak's infrastructure: one Git server, `clusters` API servers, one config repository per
 * service with one environment per cluster (apps/clusters services), and every application
 * registered in the store as catalog onboarding would.
 */
export async function startSoakWorld(
  options: SoakOptions,
  store: GitOpsStore,
): Promise<SoakWorld> {
  const git = await startLocalGitServer({ auth: GIT_AUTH });
  const kubes: LocalKubeApiServer[] = [];
  for (let c = 0; c < options.clusters; c++)
    kubes.push(await startLocalKubeApiServer({ workloadDelayMs: 100 }));
  for (const kube of kubes)
    kube.cluster.create({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: SOAK_NAMESPACE },
    });

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
          namespace: SOAK_NAMESPACE,
          allowedNamespaces: [SOAK_NAMESPACE],
          allowClusterScoped: false,
        },
        intervalSeconds: options.intervalSeconds,
      });
      specs.push(spec);
      apps.push({ index, spec, repo, cluster: c, file, rev: 0 });
    }
    await git.seedRepo(repo, files);
    await store.replaceApplications(
      { origin: 'catalog', entityRef: specs[0].entityRef! },
      specs.map(spec => ({ spec })),
    );
  }

  const config: JsonObject = {
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
    apps,
    config,
    stop: async () => {
      await git.stop();
      await Promise.all(kubes.map(k => k.stop()));
    },
  };
}
