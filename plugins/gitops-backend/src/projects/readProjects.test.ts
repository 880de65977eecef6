import { ConfigReader } from '@backstage/config';
import { readProjects } from './readProjects';

const read = (projects: unknown) =>
  readProjects(new ConfigReader({ gitops: { projects } as any }));

const minimal = {
  name: 'shop',
  sourceRepos: ['https://git.example.com/shop/*'],
  destinations: [{ cluster: 'local', namespace: 'shop-*' }],
};

describe('readProjects', () => {
  it('reads nothing when no project is configured', () => {
    expect(readProjects(new ConfigReader({}))).toEqual([]);
  });

  it('fills defaults: no members, no cluster-scoped kind, every namespaced kind, every policy', () => {
    expect(read([minimal])).toEqual([
      {
        ...minimal,
        members: { groups: [], systems: [], namespaces: [] },
        clusterResources: { allow: [], deny: [] },
        namespacedResources: { allow: [{ group: '*', kind: '*' }], deny: [] },
        syncPolicy: { automated: true, selfHeal: true, prune: true },
        impersonate: undefined,
      },
    ]);
  });

  it('reads members as full lowercase entity refs and identities as Kubernetes users', () => {
    const [byAccount, byUser] = read([
      {
        ...minimal,
        members: {
          groups: ['Team-Shop', 'group:platform/ops'],
          systems: ['shop'],
          namespaces: ['Retail'],
        },
        impersonate: { serviceAccount: 'shop-system/deployer' },
      },
      {
        ...minimal,
        name: 'ops',
        impersonate: { user: 'ops-deployer', groups: ['ops'] },
      },
    ]);
    expect(byAccount.members).toEqual({
      groups: ['group:default/team-shop', 'group:platform/ops'],
      systems: ['system:default/shop'],
      namespaces: ['retail'],
    });
    expect(byAccount.impersonate).toEqual({
      user: 'system:serviceaccount:shop-system:deployer',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:shop-system'],
    });
    expect(byUser.impersonate).toEqual({
      user: 'ops-deployer',
      groups: ['ops'],
    });
  });

  it.each<[string, unknown, string]>([
    [
      'the reserved name',
      [{ ...minimal, name: 'default' }],
      "gitops.projects[0].name: 'default' is the built-in project of entities no project claims",
    ],
    [
      'a name that is no DNS label',
      [{ ...minimal, name: 'Shop_1' }],
      'gitops.projects[0].name: must be a lowercase DNS label',
    ],
    [
      'a duplicate',
      [minimal, minimal],
      "gitops.projects: project 'shop' is declared twice",
    ],
    [
      'no source repository',
      [{ ...minimal, sourceRepos: [] }],
      'gitops.projects[0].sourceRepos: names no repository pattern',
    ],
    [
      'no destination',
      [{ ...minimal, destinations: [] }],
      'gitops.projects[0].destinations: names no destination',
    ],
    [
      'a destination without namespace',
      [{ ...minimal, destinations: [{ cluster: 'local' }] }],
      'gitops.projects[0].destinations[0].namespace: Required',
    ],
    [
      'a kind rule without group',
      [{ ...minimal, clusterResources: { allow: [{ kind: 'Namespace' }] } }],
      "gitops.projects[0].clusterResources.allow[0].group: is required ('' is the core group, '*' any group)",
    ],
    [
      'an unknown field',
      [{ ...minimal, sourceRepo: ['x'] }],
      "gitops.projects[0]: Unrecognized key(s) in object: 'sourceRepo'",
    ],
    [
      'a malformed ServiceAccount',
      [{ ...minimal, impersonate: { serviceAccount: 'deployer' } }],
      "gitops.projects[0].impersonate.serviceAccount: must be '<namespace>/<name>' of a ServiceAccount",
    ],
    [
      'an identity of neither shape',
      [{ ...minimal, impersonate: { group: 'x' } }],
      "gitops.projects[0].impersonate: must be { serviceAccount: '<namespace>/<name>' } or { user, groups }",
    ],
    [
      'a bad member ref',
      [{ ...minimal, members: { groups: ['group:'] } }],
      'gitops.projects[0].members.groups:',
    ],
  ])('refuses %s, naming where', (_name, projects, message) => {
    expect(() => read(projects)).toThrow(message);
  });

  it('reports the problems of every project at once', () => {
    expect(() =>
      read([
        { ...minimal, sourceRepos: [] },
        { ...minimal, name: 'b', destinations: [] },
      ]),
    ).toThrow(
      'Invalid GitOps projects config: gitops.projects[0].sourceRepos: names no repository pattern; gitops.projects[1].destinations: names no destination',
    );
  });
});
