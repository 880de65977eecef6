import { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

const step = (
  description: string,
  input: Record<string, unknown>,
): TemplateExample => ({
  description,
  example: stringify({
    steps: [
      {
        id: 'config-repo',
        action: 'gitops:config-repo:create',
        name: 'Create the GitOps config repository',
        input,
      },
    ],
  }),
});

export const examples: TemplateExample[] = [
  step(
    'A service deployed to dev and prod, each with its own namespace and replica count',
    {
      repoUrl: 'https://git.example.com/team-shop/shop-frontend-config.git',
      name: 'shop-frontend',
      image: 'registry.example.com/shop/frontend',
      tag: '1.4.2',
      port: 8080,
      environments: [
        {
          name: 'dev',
          cluster: 'dev-cluster',
          namespace: 'shop-dev',
          replicas: 1,
          policy: { automated: true, selfHeal: false, prune: true },
        },
        {
          name: 'prod',
          cluster: 'prod-cluster',
          namespace: 'shop-prod',
          replicas: 3,
        },
      ],
    },
  ),
  step(
    'With an Ingress per environment, an autoscaler and the catalog entity file in the same repository',
    {
      repoUrl: 'https://git.example.com/team-shop/checkout-config.git',
      name: 'checkout',
      image: 'registry.example.com/shop/checkout:2.0.1',
      port: 8080,
      ingressHost: 'checkout.example.com',
      hpa: { min: 2, max: 10, cpu: 70 },
      environments: [
        {
          name: 'staging',
          cluster: 'prod-cluster',
          namespace: 'checkout-staging',
          ingressHost: 'checkout.staging.example.com',
        },
        {
          name: 'prod',
          cluster: 'prod-cluster',
          namespace: 'checkout',
          replicas: 3,
        },
      ],
      extraFiles: {
        'catalog-info.yaml': stringify({
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: {
            name: 'checkout',
            annotations: {
              'gitops.backstage.io/config-repo':
                'https://git.example.com/team-shop/checkout-config.git',
            },
          },
          spec: {
            type: 'service',
            lifecycle: 'production',
            owner: 'team-shop',
          },
        }),
      },
    },
  ),
  step(
    'Dry run from the template editor: renders and validates, pushes nothing, lists the files',
    {
      repoUrl: 'https://git.example.com/team-shop/preview-config.git',
      name: 'preview',
      image: 'nginx:1.27',
      port: 80,
      environments: [
        { name: 'dev', cluster: 'dev-cluster', namespace: 'preview-dev' },
      ],
    },
  ),
];
