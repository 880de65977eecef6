import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { parse, parseAllDocuments, stringify } from 'yaml';
import {
  CLUSTER_KUBECONFIG_ENV,
  ControlPlane,
  LocalGitServer,
  runKubectl,
  startControlPlane,
  startLocalGitServer,
} from '@internal/local-infra';
import { freePort, RunningBackend, startBackend } from './portal/backend';
import { ReadmeBlock } from './readme/blocks';
import { Checks, log } from './results';

export const LIVE_CHECKS = {
  starts:
    "the portal's backend starts on PostgreSQL with the README's wiring and config",
  health: 'GET /api/gitops/health answers 200',
  unauthenticated: 'a request without a token is refused (401)',
  synced:
    'an annotated catalog entity becomes an application Synced and Healthy on the local cluster',
  scaffolder: 'the scaffolder lists the action gitops:config-repo:create',
};

export interface LiveInput {
  checks: Checks;
  portalDir: string;
  /** A folder of this run (entity file, config, logs). */
  runDir: string;
  env: NodeJS.ProcessEnv;
  postgresUrl: string;
  kubectl: string;
  appConfigBlock: ReadmeBlock;
  clusterAccessBlock: ReadmeBlock;
  /** How the log names the backend plugin the portal runs: package, version, tarball digest, folder. */
  backendPackage: string;
}

interface Kubeconfig {
  server: string;
  caData?: string;
}

function readKubeconfig(file: string): Kubeconfig {
  const config = parse(fs.readFileSync(file, 'utf8'));
  const current = config.contexts?.find(
    (context: any) => context.name === config['current-context'],
  );
  const cluster = (
    config.clusters?.find((c: any) => c.name === current?.context?.cluster) ??
    config.clusters?.[0]
  )?.cluster;
  if (!cluster?.server) throw new Error(`${file} names no cluster server`);
  return {
    server: cluster.server,
    caData: cluster['certificate-authority-data'],
  };
}

/** The `${NAME}` placeholders of a config block. */
export function placeholders(code: string): string[] {
  return [...new Set([...code.matchAll(/\$\{(\w+)\}/g)].map(m => m[1]))];
}

/** The first cluster the README's config names (kubernetes' config locator, or gitops.clusters). */
export function firstClusterName(config: any): string | undefined {
  for (const method of config?.kubernetes?.clusterLocatorMethods ?? []) {
    if (method?.type === 'config' && method.clusters?.[0]?.name) {
      return method.clusters[0].name;
    }
  }
  return config?.gitops?.clusters?.[0]?.name;
}

async function kubectlOrThrow(
  args: string[],
  options: { kubeconfig: string; input?: string },
): Promise<string> {
  const result = await runKubectl(args, options);
  if (result.code !== 0) {
    throw new Error(`kubectl ${args.join(' ')}: ${result.stderr.trim()}`);
  }
  return result.stdout;
}

/** The token of the README's service account, once the token controller has filled its Secret. */
async function serviceAccountToken(
  block: ReadmeBlock,
  kubeconfig: string,
): Promise<string> {
  const secret = parseAllDocuments(block.code)
    .map(document => document.toJS())
    .find(
      object =>
        object?.kind === 'Secret' &&
        object.type === 'kubernetes.io/service-account-token',
    );
  if (!secret) {
    throw new Error(
      "the README's cluster-access step has no Secret of type kubernetes.io/service-account-token to read the backend's token from",
    );
  }
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const encoded = await kubectlOrThrow(
      [
        'get',
        'secret',
        secret.metadata.name,
        '-n',
        secret.metadata.namespace,
        '-o',
        'jsonpath={.data.token}',
      ],
      { kubeconfig },
    );
    if (encoded) return Buffer.from(encoded, 'base64').toString('utf8');
    await new Promise(resolve => setTimeout(resolve, 500));
  }
  throw new Error(
    `the token controller did not fill Secret ${secret.metadata.namespace}/${secret.metadata.name} within 30 s`,
  );
}

function configRepository(cluster: string, namespace: string) {
  return {
    'gitops.yaml': stringify({
      apiVersion: 'gitops.backstage.io/v1alpha1',
      kind: 'Environments',
      environments: [
        {
          name: 'production',
          path: 'deploy',
          cluster,
          namespace,
          interval: '30s',
        },
      ],
    }),
    'deploy/kustomization.yaml': stringify({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      namespace,
      resources: ['namespace.yaml', 'deployment.yaml', 'service.yaml'],
      labels: [{ pairs: { 'app.kubernetes.io/name': 'shop' } }],
    }),
    'deploy/namespace.yaml': stringify({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace },
    }),
    'deploy/deployment.yaml': stringify({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'shop' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'shop' } },
        template: {
          metadata: { labels: { app: 'shop' } },
          spec: {
            containers: [
              {
                name: 'shop',
                image: 'nginx:1.27',
                ports: [{ containerPort: 80 }],
              },
            ],
          },
        },
      },
    }),
    'deploy/service.yaml': stringify({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'shop' },
      spec: {
        selector: { app: 'shop' },
        ports: [{ port: 80, targetPort: 80 }],
      },
    }),
  };
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/**
 * Starts what the portal needs around it (the local cluster unless GITOPS_CLUSTER_KUBECONFIG names
 * one, the test kit's Git server with a config repository, a database of its own on PostgreSQL),
 * starts the portal's backend with the README's config plus the test's own (ports, database,
 * the catalog location of one annotated entity, the Git server's integration, a static token for
 * the test's requests), runs the live checks, and removes everything again.
 */
export async function liveChecks(input: LiveInput): Promise<void> {
  const { checks } = input;
  const suffix = crypto.randomBytes(3).toString('hex');
  const namespace = `adopter-${suffix}`;
  const database = `gitops_adopter_${suffix}`;
  const apiToken = crypto.randomBytes(24).toString('base64url');
  const entityName = `adopter-shop-${suffix}`;
  // undone last-in first-out: the backend stops before its database goes, the cluster goes last
  const cleanups: Array<() => Promise<unknown>> = [];
  let backend: RunningBackend | undefined;
  let kubeconfig = '';

  const started = await checks.run(LIVE_CHECKS.starts, async () => {
    const readmeConfig = parse(input.appConfigBlock.code);
    const cluster = firstClusterName(readmeConfig);
    if (!cluster) {
      throw new Error(
        "the README's app-config step configures no cluster (kubernetes.clusterLocatorMethods type config, or gitops.clusters)",
      );
    }

    kubeconfig = process.env[CLUSTER_KUBECONFIG_ENV] ?? '';
    if (!kubeconfig) {
      const controlPlane: ControlPlane = await startControlPlane();
      cleanups.push(() => controlPlane.stop());
      kubeconfig = controlPlane.kubeconfigPath;
      log(`local Kubernetes ${controlPlane.version} at ${controlPlane.server}`);
    }
    const { server, caData } = readKubeconfig(kubeconfig);

    await kubectlOrThrow(['apply', '-f', '-'], {
      kubeconfig,
      input: input.clusterAccessBlock.code,
    });
    cleanups.push(() =>
      runKubectl(['delete', '-f', '-', '--ignore-not-found', '--wait=false'], {
        kubeconfig,
        input: input.clusterAccessBlock.code,
      }),
    );
    cleanups.push(() =>
      runKubectl(
        [
          'delete',
          'namespace',
          namespace,
          '--ignore-not-found',
          '--wait=false',
        ],
        {
          kubeconfig,
        },
      ),
    );
    const token = await serviceAccountToken(
      input.clusterAccessBlock,
      kubeconfig,
    );

    // Backstage masks secret config values in its log; a username that is a common word would
    // be masked inside every path and message that contains it
    const gitCredentials = {
      username: `git-${suffix}`,
      password: crypto.randomBytes(12).toString('hex'),
    };
    const git: LocalGitServer = await startLocalGitServer({
      auth: gitCredentials,
    });
    cleanups.push(() => git.stop());
    const sha = await git.seedRepo(
      'adopter/shop-config',
      configRepository(cluster, namespace),
    );
    const repoUrl = git.repoUrl('adopter/shop-config');
    log(
      `config repository ${repoUrl} at ${sha.slice(
        0,
        7,
      )} (cluster '${cluster}', namespace ${namespace})`,
    );

    const entityFile = path.join(input.runDir, 'entity.yaml');
    fs.writeFileSync(
      entityFile,
      stringify({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: entityName,
          annotations: { 'gitops.backstage.io/config-repo': repoUrl },
        },
        spec: { type: 'service', lifecycle: 'production', owner: 'guests' },
      }),
    );

    const admin = new Client({ connectionString: input.postgresUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    cleanups.push(async () => {
      const client = new Client({ connectionString: input.postgresUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await client.end();
    });
    const pg = new URL(input.postgresUrl);

    const port = await freePort();
    const testConfigFile = path.join(
      input.portalDir,
      'app-config.adopter-test.yaml',
    );
    fs.writeFileSync(
      testConfigFile,
      `# Written by the adopter test: what differs from an adopter's own setup (ports, database,\n# the test's entity and Git server, a token for the test's requests, quicker polling).\n${stringify(
        {
          backend: {
            baseUrl: `http://127.0.0.1:${port}`,
            listen: { port, host: '127.0.0.1' },
            database: {
              client: 'pg',
              pluginDivisionMode: 'schema',
              connection: {
                host: pg.hostname,
                port: Number(pg.port || 5432),
                user: decodeURIComponent(pg.username || 'postgres'),
                ...(pg.password
                  ? { password: decodeURIComponent(pg.password) }
                  : {}),
                database,
              },
            },
            auth: {
              externalAccess: [
                {
                  type: 'static',
                  options: { token: apiToken, subject: 'adopter-test' },
                },
              ],
            },
          },
          integrations: {
            gitea: [
              {
                host: new URL(git.url).host,
                baseUrl: git.url,
                username: gitCredentials.username,
                password: gitCredentials.password,
              },
            ],
          },
          catalog: { locations: [{ type: 'file', target: entityFile }] },
          gitops: {
            onboarding: { frequencySeconds: 2 },
            worker: { pollIntervalSeconds: 1 },
          },
        },
      )}`,
    );

    // the README's placeholders, filled as an adopter's deployment would
    const values: Record<string, string> = {
      PRODUCTION_CLUSTER_URL: server,
      PRODUCTION_CLUSTER_CA_DATA: caData ?? '',
      PRODUCTION_CLUSTER_TOKEN: token,
      GITHUB_TOKEN: 'not-used-by-the-adopter-test',
      GITOPS_GITHUB_WEBHOOK_SECRET: crypto.randomBytes(16).toString('hex'),
    };
    const unknown = placeholders(input.appConfigBlock.code).filter(
      name => !(name in values),
    );
    if (unknown.length) {
      throw new Error(
        `the README's app-config step uses \${${unknown.join(
          '}, ${',
        )}}, which the adopter test does not know how to fill (live.ts)`,
      );
    }
    // "kubectl on the backend's PATH": this machine's kubectl, under that name
    const binDir = path.join(input.runDir, 'bin');
    fs.mkdirSync(binDir, { recursive: true });
    fs.rmSync(path.join(binDir, 'kubectl'), { force: true });
    fs.symlinkSync(input.kubectl, path.join(binDir, 'kubectl'));

    backend = startBackend({
      portalDir: input.portalDir,
      port,
      configFiles: [
        path.join(input.portalDir, 'app-config.yaml'),
        testConfigFile,
      ],
      env: { ...input.env, ...values, PATH: `${binDir}:${input.env.PATH}` },
      logFile: path.join(input.runDir, 'backend.log'),
    });
    cleanups.push(() => backend!.stop());
    await backend.ready(300_000);
    log(
      `portal backend ${backend.baseUrl} (log: ${backend.logFile}) runs ${input.backendPackage}`,
    );
    return backend;
  });

  try {
    if (!started) {
      for (const name of Object.values(LIVE_CHECKS).slice(1)) {
        checks.notRun(name, "the portal's backend did not start");
      }
      return;
    }
    const url = (route: string) => `${started.baseUrl}${route}`;
    const withToken = { headers: { authorization: `Bearer ${apiToken}` } };

    await checks.run(LIVE_CHECKS.health, async () => {
      const answer = await fetch(url('/api/gitops/health'));
      if (answer.status !== 200) {
        throw new Error(
          `GET /api/gitops/health answered ${answer.status}${
            answer.status === 404
              ? ' (is the gitops backend plugin added to the backend?)'
              : ''
          }`,
        );
      }
    });

    await checks.run(LIVE_CHECKS.unauthenticated, async () => {
      const answer = await fetch(url('/api/gitops/applications'));
      if (answer.status !== 401) {
        throw new Error(
          `GET /api/gitops/applications without a token answered ${answer.status}`,
        );
      }
    });

    await checks.run(LIVE_CHECKS.synced, async () => {
      const route = `/api/gitops/entities/component/default/${entityName}/applications`;
      const deadline = Date.now() + 180_000;
      let last = 'no answer yet';
      while (Date.now() < deadline) {
        const answer = await fetch(url(route), withToken);
        const body: any = await answer.json().catch(() => undefined);
        const application = body?.items?.[0];
        const errors = body?.errors?.length
          ? `; onboarding errors: ${body.errors
              .map((e: any) => e.message)
              .join('; ')}`
          : '';
        if (!answer.ok) {
          last = `GET ${route} answered ${answer.status}`;
        } else if (!application) {
          last = `no application for the entity yet${errors}`;
        } else {
          last = `${application.syncStatus}/${application.health}${
            application.error ? `: ${application.error}` : ''
          }${application.message ? ` (${application.message})` : ''}`;
          if (
            application.syncStatus === 'Synced' &&
            application.health === 'Healthy'
          ) {
            const deployment = JSON.parse(
              await kubectlOrThrow(
                ['get', 'deployment', 'shop', '-n', namespace, '-o', 'json'],
                {
                  kubeconfig,
                },
              ),
            );
            const readyReplicas = deployment.status?.readyReplicas ?? 0;
            log(
              `application ${
                application.id
              } of component:default/${entityName} is ${
                application.syncStatus
              } and ${application.health} at ${String(
                application.revision ?? '',
              ).slice(
                0,
                7,
              )}: Deployment ${namespace}/shop has ${readyReplicas}/2 ready replicas, applied by the portal's backend through ${
                input.backendPackage
              }`,
            );
            return;
          }
        }
        await sleep(2000);
      }
      throw new Error(
        `not Synced and Healthy within 180 s; last seen: ${last}`,
      );
    });

    await checks.run(LIVE_CHECKS.scaffolder, async () => {
      const answer = await fetch(url('/api/scaffolder/v2/actions'), withToken);
      if (!answer.ok)
        throw new Error(
          `GET /api/scaffolder/v2/actions answered ${answer.status}`,
        );
      const actions = ((await answer.json()) as Array<{ id: string }>).map(
        action => action.id,
      );
      const ours = actions.filter(id => id.startsWith('gitops:'));
      if (!actions.includes('gitops:config-repo:create')) {
        throw new Error(
          `the scaffolder's ${
            actions.length
          } actions do not include gitops:config-repo:create (gitops actions: ${
            ours.join(', ') || 'none'
          })`,
        );
      }
      log(`scaffolder actions of the module: ${ours.join(', ')}`);
    });
  } finally {
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch(error =>
        log(`cleanup: ${(error as Error).message}`),
      );
    }
  }
}
