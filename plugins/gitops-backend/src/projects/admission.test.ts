import { ConfigReader } from '@backstage/config';
import { testApplicationSpec } from '../testUtils/applications';
import { admitApplication, recheckApplication } from './admission';
import { DEFAULT_PROJECT_RULES, readProjects } from './readProjects';
import { RequestedApplication } from './types';

const GIT = 'https://git.example.com';
const configured = readProjects(
  new ConfigReader({
    gitops: {
      projects: [
        {
          name: 'shop',
          members: { groups: ['team-shop'] },
          sourceRepos: [`${GIT}/shop/*`],
          destinations: [
            { cluster: 'local', namespace: 'shop-*' },
            { cluster: 'local', namespace: '!shop-secrets' },
          ],
          clusterResources: { allow: [{ group: '', kind: 'Namespace' }] },
          syncPolicy: { prune: false },
          impersonate: { serviceAccount: 'shop-system/deployer' },
        },
        {
          name: 'data',
          members: { groups: ['team-data'] },
          sourceRepos: [`${GIT}/data/*`],
          destinations: [
            { cluster: 'local', namespace: 'data-*' },
            { cluster: 'eu-*', namespace: 'data-*' },
          ],
        },
      ],
    },
  }),
);
const [shop, data] = configured;

/** A shop environment as its descriptor asks for it, in the shop project's bounds unless overridden. */
function asks(
  overrides: {
    repoUrl?: string;
    cluster?: string;
    namespace?: string;
    allowedNamespaces?: string[];
    allowClusterScoped?: boolean;
    automated?: boolean;
    selfHeal?: boolean;
    prune?: boolean;
  } = {},
): RequestedApplication {
  const namespace = overrides.namespace ?? 'shop-prod';
  const { project: _project, ...spec } = testApplicationSpec({
    id: 'component:default/web#prod',
    environment: 'prod',
    source: {
      repoUrl: overrides.repoUrl ?? `${GIT}/shop/web.git`,
      ref: 'main',
      path: '.',
    },
    destination: {
      cluster: overrides.cluster ?? 'local',
      namespace,
      allowedNamespaces: [namespace, ...(overrides.allowedNamespaces ?? [])],
      allowClusterScoped: overrides.allowClusterScoped ?? false,
    },
  });
  return {
    ...spec,
    policy: {
      ...spec.policy,
      automated: overrides.automated ?? true,
      selfHeal: overrides.selfHeal ?? true,
      prune: overrides.prune ?? false,
    },
  };
}

describe('admitApplication', () => {
  it.each<[string, typeof shop, RequestedApplication, string[]]>([
    [
      'a namespace outside the destinations',
      shop,
      asks({ namespace: 'kube-system', allowClusterScoped: true }),
      [
        "environment 'prod' asks for namespace 'kube-system', which project 'shop' does not allow (allowed: shop-*, !shop-secrets)",
      ],
    ],
    [
      'an extra allowed namespace outside the destinations',
      shop,
      asks({ allowedNamespaces: ['payments'] }),
      [
        "environment 'prod' asks for namespace 'payments', which project 'shop' does not allow (allowed: shop-*, !shop-secrets)",
      ],
    ],
    [
      'a namespace a `!` destination excludes',
      shop,
      asks({ namespace: 'shop-secrets' }),
      [
        "environment 'prod' asks for namespace 'shop-secrets', which project 'shop' does not allow (allowed: shop-*, !shop-secrets)",
      ],
    ],
    [
      'a cluster outside the destinations',
      shop,
      asks({ cluster: 'prod-eu' }),
      [
        "environment 'prod' asks for cluster 'prod-eu', which project 'shop' does not allow (allowed: local)",
      ],
    ],
    [
      "another project's repository",
      shop,
      asks({ repoUrl: `${GIT}/data/pipeline.git` }),
      [
        `environment 'prod' reads repository '${GIT}/data/pipeline.git', which project 'shop' does not allow (allowed: ${GIT}/shop/*)`,
      ],
    ],
    [
      'cluster-scoped objects from a project that allows no cluster-scoped kind',
      data,
      asks({
        repoUrl: `${GIT}/data/pipeline.git`,
        namespace: 'data-prod',
        allowClusterScoped: true,
      }),
      [
        "environment 'prod' asks for cluster-scoped objects (allowClusterScoped), which project 'data' does not allow (it allows no cluster-scoped kind)",
      ],
    ],
    [
      'a sync policy the project forbids',
      shop,
      asks({ prune: true }),
      [
        "environment 'prod' asks for policy.prune, which project 'shop' does not allow (set prune: false)",
      ],
    ],
    [
      'everything at once, every problem listed',
      shop,
      asks({
        repoUrl: `${GIT}/other/x.git`,
        namespace: 'kube-system',
        prune: true,
      }),
      [
        `environment 'prod' reads repository '${GIT}/other/x.git', which project 'shop' does not allow (allowed: ${GIT}/shop/*)`,
        "environment 'prod' asks for namespace 'kube-system', which project 'shop' does not allow (allowed: shop-*, !shop-secrets)",
        "environment 'prod' asks for policy.prune, which project 'shop' does not allow (set prune: false)",
      ],
    ],
    [
      'the default project: a namespace a configured project covers',
      DEFAULT_PROJECT_RULES,
      asks({ repoUrl: `${GIT}/misc/tool.git`, namespace: 'shop-dev' }),
      [
        "environment 'prod' asks for namespace 'shop-dev', which belongs to project 'shop': the default project may not use it",
      ],
    ],
    [
      'the default project: kube-system',
      DEFAULT_PROJECT_RULES,
      asks({ repoUrl: `${GIT}/misc/tool.git`, namespace: 'kube-system' }),
      [
        "environment 'prod' asks for namespace 'kube-system', which the default project may not use (reserved: kube-*, default)",
      ],
    ],
    [
      'the default project: the default namespace',
      DEFAULT_PROJECT_RULES,
      asks({ repoUrl: `${GIT}/misc/tool.git`, namespace: 'default' }),
      [
        "environment 'prod' asks for namespace 'default', which the default project may not use (reserved: kube-*, default)",
      ],
    ],
    [
      "the default project: a configured project's repository",
      DEFAULT_PROJECT_RULES,
      asks({ repoUrl: `${GIT}/shop/web.git`, namespace: 'tools' }),
      [
        `environment 'prod' reads repository '${GIT}/shop/web.git', which belongs to project 'shop': the default project may not use it`,
      ],
    ],
    [
      "the default project: a configured project's repository spelled differently",
      DEFAULT_PROJECT_RULES,
      asks({ repoUrl: `${GIT}/SHOP//web`, namespace: 'tools' }),
      [
        `environment 'prod' reads repository '${GIT}/SHOP//web', which belongs to project 'shop': the default project may not use it`,
      ],
    ],
    [
      'the default project: cluster-scoped objects',
      DEFAULT_PROJECT_RULES,
      asks({
        repoUrl: `${GIT}/misc/tool.git`,
        namespace: 'tools',
        allowClusterScoped: true,
      }),
      [
        "environment 'prod' asks for cluster-scoped objects (allowClusterScoped), which the default project does not allow (it allows no cluster-scoped kind)",
      ],
    ],
  ])('refuses %s', (_name, project, requested, problems) => {
    expect(admitApplication(configured, project, requested)).toEqual({
      admitted: false,
      problems,
    });
  });

  it.each<[string, typeof shop, RequestedApplication]>([
    ['a descriptor inside every bound', shop, asks()],
    [
      'several namespaces inside the destinations, cluster-scoped objects allowed',
      shop,
      asks({ allowedNamespaces: ['shop-jobs'], allowClusterScoped: true }),
    ],
    [
      'a narrower policy than the project allows',
      shop,
      asks({ automated: false, selfHeal: false }),
    ],
    [
      'a cluster matched by a glob',
      data,
      asks({
        repoUrl: `${GIT}/data/pipeline.git`,
        cluster: 'eu-west',
        namespace: 'data-prod',
        prune: true,
      }),
    ],
    [
      'the default project: its own repository and namespace',
      DEFAULT_PROJECT_RULES,
      asks({
        repoUrl: `${GIT}/misc/tool.git`,
        namespace: 'tools',
        prune: true,
      }),
    ],
  ])('admits %s', (_name, project, requested) => {
    const admission = admitApplication(configured, project, requested);
    expect(admission).toEqual({
      admitted: true,
      spec: {
        ...requested,
        project: project.name,
        ...(project.impersonate ? { impersonate: project.impersonate } : {}),
      },
    });
  });

  it("fills the project's identity and drops one the request names", () => {
    const admission = admitApplication(configured, shop, {
      ...asks(),
      impersonate: { user: 'system:admin', groups: ['system:masters'] },
    });
    expect(admission.admitted && admission.spec.impersonate).toEqual({
      user: 'system:serviceaccount:shop-system:deployer',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:shop-system'],
    });
    const dataAdmission = admitApplication(configured, data, {
      ...asks({ repoUrl: `${GIT}/data/p.git`, namespace: 'data-x' }),
      impersonate: { user: 'system:admin', groups: [] },
    });
    expect(dataAdmission.admitted && 'impersonate' in dataAdmission.spec).toBe(
      false,
    );
  });
});

describe('recheckApplication', () => {
  const admitted = (() => {
    const admission = admitApplication(configured, shop, asks());
    if (!admission.admitted) throw new Error('fixture not admitted');
    return admission.spec;
  })();

  it("returns the project's kinds for an application that still fits", () => {
    expect(
      recheckApplication(configured, DEFAULT_PROJECT_RULES, admitted),
    ).toEqual({
      kinds: {
        decidedBy: "project 'shop'",
        clusterScoped: {
          allow: [{ group: '', kind: 'Namespace' }],
          deny: [],
        },
        namespaced: { allow: [{ group: '*', kind: '*' }], deny: [] },
      },
    });
  });

  it.each<[string, typeof configured, object, string[]]>([
    [
      'a project the platform removed',
      [data],
      {},
      ["project 'shop' is not configured (gitops.projects)"],
    ],
    [
      'a stored spec from before projects existed',
      configured,
      { project: undefined },
      ['the application has no project yet; onboarding assigns one'],
    ],
    [
      'a project narrowed since admission',
      [
        {
          ...shop,
          destinations: [{ cluster: 'local', namespace: 'shop-dev' }],
        },
        data,
      ],
      {},
      [
        "environment 'prod' asks for namespace 'shop-prod', which project 'shop' does not allow (allowed: shop-dev)",
      ],
    ],
    [
      'a project whose identity changed',
      [{ ...shop, impersonate: { user: 'other', groups: [] } }, data],
      {},
      [
        "project 'shop' acts with another cluster identity since the application was admitted; onboarding updates it",
      ],
    ],
  ])('stops %s', (_name, projects, change, problems) => {
    expect(
      recheckApplication(projects, DEFAULT_PROJECT_RULES, {
        ...admitted,
        ...change,
      } as typeof admitted),
    ).toEqual({ problems });
  });
});
