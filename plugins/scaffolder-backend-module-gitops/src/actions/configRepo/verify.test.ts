import { requireKubectl } from '@internal/local-infra';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseConfigRepoInput } from './input';
import { generateConfigRepoFiles, RepoFiles } from './layout';
import { verifyConfigRepo, writeRepoFiles } from './verify';

// kubectl renders the overlays: a machine without it fails these tests loudly instead of skipping them.
const KUBECTL = requireKubectl();

const input = (change: object = {}) =>
  parseConfigRepoInput({
    repoUrl: 'https://git.example.com/team/shop-config.git',
    name: 'shop',
    image: 'nginx:1.27',
    port: 8080,
    environments: [
      {
        name: 'dev',
        cluster: 'local',
        namespace: 'shop-dev',
        ingressHost: 'dev.example.com',
      },
      { name: 'prod', cluster: 'local', namespace: 'shop-prod', replicas: 3 },
    ],
    hpa: { min: 1, max: 4 },
    ...change,
  });

describe('verifyConfigRepo', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'verify-test-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (files: RepoFiles) => writeRepoFiles(dir, files);

  it('renders every environment with kubectl kustomize and validates it against its namespace', async () => {
    await write(generateConfigRepoFiles(input()));
    const environments = await verifyConfigRepo(dir, { kubectlPath: KUBECTL });
    expect(environments).toEqual([
      {
        name: 'dev',
        path: 'overlays/dev',
        objects: expect.arrayContaining([
          'Namespace/shop-dev',
          'Deployment/shop',
          'Service/shop',
          'ServiceAccount/shop',
          'HorizontalPodAutoscaler/shop',
          'Ingress/shop',
        ]),
      },
      {
        name: 'prod',
        path: 'overlays/prod',
        objects: expect.arrayContaining([
          'Namespace/shop-prod',
          'HorizontalPodAutoscaler/shop',
        ]),
      },
    ]);
    expect(environments[0].objects).toHaveLength(6);
    expect(environments[1].objects).toHaveLength(5);
  });

  it('reports every environment that does not render or validate', async () => {
    const files = generateConfigRepoFiles(input());
    // dev: a cluster-scoped object the environment may not write; prod: a kustomization naming a missing file
    files['overlays/dev/kustomization.yaml'] =
      'namespace: shop-dev\nresources: [../../base, namespace.yaml, stray.yaml]\n';
    files['overlays/dev/stray.yaml'] =
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: { name: stray }\n';
    files['overlays/prod/kustomization.yaml'] = files[
      'overlays/prod/kustomization.yaml'
    ].replace('namespace.yaml', 'missing.yaml');
    await write(files);
    const failure = verifyConfigRepo(dir, { kubectlPath: KUBECTL });
    await expect(failure).rejects.toThrow(
      /environment 'dev' \(overlays\/dev\): [\s\S]*ClusterRole stray: cluster-scoped ClusterRole objects are not allowed/,
    );
    await expect(failure).rejects.toThrow(
      /environment 'prod' \(overlays\/prod\): .*missing\.yaml/,
    );
  });

  it('refuses a descriptor the GitOps backend would refuse', async () => {
    await write({
      'gitops.yaml':
        'apiVersion: gitops.backstage.io/v1alpha1\nkind: Environments\nenvironments: []\n',
    });
    await expect(
      verifyConfigRepo(dir, { kubectlPath: KUBECTL }),
    ).rejects.toThrow(
      /The generated repository is invalid: gitops.yaml: environments: declares no environment/,
    );
  });

  it('names a kubectl that cannot run', async () => {
    await write(generateConfigRepoFiles(input()));
    await expect(
      verifyConfigRepo(dir, { kubectlPath: '/nonexistent/kubectl' }),
    ).rejects.toThrow(
      /renderer \/nonexistent\/kubectl is unavailable: not found \(ENOENT\)/,
    );
  });
});
