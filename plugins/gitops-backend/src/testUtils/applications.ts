import { ApplicationSpec } from '@backstage-gitops/plugin-gitops-common';

/** A complete application spec for tests; override what the test is about. @alpha */
export function testApplicationSpec(
  overrides: Partial<ApplicationSpec> & { id: string },
): ApplicationSpec {
  return {
    environment: 'dev',
    origin: 'catalog',
    entityRef: 'component:default/shop',
    source: {
      repoUrl: 'http://127.0.0.1/shop-config.git',
      ref: 'main',
      path: 'envs/dev',
    },
    destination: {
      cluster: 'local',
      namespace: 'shop-dev',
      allowedNamespaces: ['shop-dev'],
      allowClusterScoped: false,
    },
    policy: {
      automated: true,
      selfHeal: true,
      prune: true,
      suspended: false,
      retry: { limit: 5, initialBackoffSeconds: 5, maxBackoffSeconds: 300 },
    },
    intervalSeconds: 180,
    ignoreDifferences: [],
    ...overrides,
  };
}
