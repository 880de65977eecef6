import { parse } from 'yaml';
import { parseDescriptor } from '@backstage-gitops/plugin-gitops-node';
import { parseConfigRepoInput } from './input';
import { generateConfigRepoFiles } from './layout';

const input = (change: object = {}) =>
  parseConfigRepoInput({
    repoUrl: 'https://git.example.com/team/shop-config.git',
    name: 'shop',
    image: 'nginx:1.27',
    port: 8080,
    environments: [
      { name: 'dev', cluster: 'local', namespace: 'shop-dev' },
      {
        name: 'prod',
        cluster: 'big',
        namespace: 'shop',
        replicas: 3,
        policy: { selfHeal: false },
      },
    ],
    ...change,
  });

describe('generateConfigRepoFiles', () => {
  it('writes a descriptor the GitOps backend accepts, a base and one overlay per environment', () => {
    const files = generateConfigRepoFiles(input());
    expect(Object.keys(files).sort()).toEqual([
      'README.md',
      'base/deployment.yaml',
      'base/kustomization.yaml',
      'base/service.yaml',
      'base/serviceaccount.yaml',
      'gitops.yaml',
      'overlays/dev/kustomization.yaml',
      'overlays/dev/namespace.yaml',
      'overlays/prod/kustomization.yaml',
      'overlays/prod/namespace.yaml',
    ]);
    const descriptor = parseDescriptor(files['gitops.yaml']);
    expect(
      descriptor.environments.map(e => [
        e.name,
        e.path,
        e.cluster,
        e.namespace,
        e.policy.selfHeal,
      ]),
    ).toEqual([
      ['dev', 'overlays/dev', 'local', 'shop-dev', true],
      ['prod', 'overlays/prod', 'big', 'shop', false],
    ]);
    expect(parse(files['overlays/prod/kustomization.yaml'])).toEqual({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      namespace: 'shop',
      resources: ['../../base', 'namespace.yaml'],
      replicas: [{ name: 'shop', count: 3 }],
    });
    expect(parse(files['overlays/dev/kustomization.yaml']).replicas).toEqual([
      { name: 'shop', count: 1 },
    ]);
    expect(parse(files['overlays/prod/namespace.yaml'])).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'shop' },
    });
    const container = parse(files['base/deployment.yaml']).spec.template.spec
      .containers[0];
    expect(container).toMatchObject({
      name: 'shop',
      image: 'nginx:1.27',
      ports: [{ name: 'http', containerPort: 8080 }],
    });
  });

  it('with an autoscaler leaves replicas to it and sets per-environment minimums', () => {
    const files = generateConfigRepoFiles(input({ hpa: { min: 2, max: 6 } }));
    expect(parse(files['base/deployment.yaml']).spec.replicas).toBeUndefined();
    expect(parse(files['base/kustomization.yaml']).resources).toContain(
      'hpa.yaml',
    );
    expect(parse(files['base/hpa.yaml']).spec).toMatchObject({
      minReplicas: 2,
      maxReplicas: 6,
      metrics: [{ resource: { target: { averageUtilization: 80 } } }],
    });
    const prod = parse(files['overlays/prod/kustomization.yaml']);
    expect(prod.replicas).toBeUndefined();
    expect(prod.patches).toEqual([
      {
        target: {
          group: 'autoscaling',
          kind: 'HorizontalPodAutoscaler',
          name: 'shop',
        },
        patch: expect.stringContaining('/spec/minReplicas'),
      },
    ]);
    expect(
      parse(files['overlays/dev/kustomization.yaml']).patches,
    ).toBeUndefined();
  });

  it('puts a shared Ingress in the base and patches environments with their own host', () => {
    const files = generateConfigRepoFiles(
      input({
        ingressHost: 'shop.example.com',
        environments: [
          {
            name: 'dev',
            cluster: 'c',
            namespace: 'dev',
            ingressHost: 'shop.dev.example.com',
          },
          { name: 'prod', cluster: 'c', namespace: 'prod' },
        ],
      }),
    );
    expect(parse(files['base/ingress.yaml']).spec.rules[0].host).toBe(
      'shop.example.com',
    );
    expect(
      parse(parse(files['overlays/dev/kustomization.yaml']).patches[0].patch),
    ).toEqual([
      {
        op: 'replace',
        path: '/spec/rules/0/host',
        value: 'shop.dev.example.com',
      },
    ]);
    expect(
      parse(files['overlays/prod/kustomization.yaml']).patches,
    ).toBeUndefined();
  });

  it('without a shared host gives an Ingress only to environments that name one', () => {
    const files = generateConfigRepoFiles(
      input({
        environments: [
          {
            name: 'dev',
            cluster: 'c',
            namespace: 'dev',
            ingressHost: 'dev.example.com',
          },
          { name: 'prod', cluster: 'c', namespace: 'prod' },
        ],
      }),
    );
    expect(files['base/ingress.yaml']).toBeUndefined();
    expect(parse(files['overlays/dev/ingress.yaml']).spec.rules[0].host).toBe(
      'dev.example.com',
    );
    expect(parse(files['overlays/dev/kustomization.yaml']).resources).toEqual([
      '../../base',
      'namespace.yaml',
      'ingress.yaml',
    ]);
    expect(files['overlays/prod/ingress.yaml']).toBeUndefined();
  });

  it('is deterministic', () => {
    expect(generateConfigRepoFiles(input())).toEqual(
      generateConfigRepoFiles(input()),
    );
  });
});
