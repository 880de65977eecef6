import { ApplicationSpec } from '@backstage-gitops/plugin-gitops-common';
import { ConfigReader } from '@backstage/config';
import { Projects } from '../projects';

/**
 * A project (`gitops.projects` entry) that admits every repository, destination and kind, and
 * claims the test entities' owner `group:default/team-a`: for the many tests that are not about
 * projects. Test specs name it by default.
 */
export const OPEN_TEST_PROJECT = {
  name: 'test-open',
  members: { groups: ['group:default/team-a'] },
  sourceRepos: ['**'],
  destinations: [{ cluster: '*', namespace: '*' }],
  clusterResources: { allow: [{ group: '*', kind: '*' }] },
};

/** The projects of a portal whose only project is OPEN_TEST_PROJECT. */
export function openTestProjects(): Projects {
  return Projects.fromConfig(
    new ConfigReader({ gitops: { projects: [OPEN_TEST_PROJECT] } }),
  );
}

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
    project: OPEN_TEST_PROJECT.name,
    ...overrides,
  };
}
