import type { KubeObject, RenderedObject } from '../objects/objects';
import { ValidationError } from './errors';
import { KindPolicy, kindProblem } from './kindPolicy';
import { validateObjects } from './validateObjects';

const shop: KindPolicy = {
  decidedBy: "project 'shop'",
  clusterScoped: {
    allow: [{ group: '', kind: 'Namespace' }],
    deny: [],
  },
  namespaced: {
    allow: [{ group: '*', kind: '*' }],
    deny: [
      { group: '', kind: 'ResourceQuota' },
      { group: 'rbac.authorization.k8s.io', kind: '*' },
    ],
  },
};

describe('kindProblem', () => {
  it.each<[string, string, 'Cluster' | 'Namespaced', string | undefined]>([
    ['', 'Namespace', 'Cluster', undefined],
    ['apps', 'Deployment', 'Namespaced', undefined],
    ['example.com', 'Widget', 'Namespaced', undefined],
    [
      'rbac.authorization.k8s.io',
      'ClusterRoleBinding',
      'Cluster',
      "cluster-scoped kind rbac.authorization.k8s.io/ClusterRoleBinding is not allowed by project 'shop' (allowed: Namespace)",
    ],
    [
      'apiextensions.k8s.io',
      'CustomResourceDefinition',
      'Cluster',
      "cluster-scoped kind apiextensions.k8s.io/CustomResourceDefinition is not allowed by project 'shop' (allowed: Namespace)",
    ],
    [
      '',
      'ResourceQuota',
      'Namespaced',
      "namespaced kind ResourceQuota is denied by project 'shop' (rule ResourceQuota)",
    ],
    [
      'rbac.authorization.k8s.io',
      'RoleBinding',
      'Namespaced',
      "namespaced kind rbac.authorization.k8s.io/RoleBinding is denied by project 'shop' (rule rbac.authorization.k8s.io/*)",
    ],
    // a kind of the same name in another group is another kind
    ['example.com', 'ResourceQuota', 'Namespaced', undefined],
    // the scope decides which rules apply: Namespace is not a namespaced kind of this project
    ['', 'Namespace', 'Namespaced', undefined],
  ])('%s/%s (%s): %s', (group, kind, scope, expected) => {
    expect(kindProblem(shop, group, kind, scope)).toBe(expected);
  });

  it('says "none" when nothing of a scope is allowed, and deny wins over allow', () => {
    const closed: KindPolicy = {
      decidedBy: 'the default project',
      clusterScoped: { allow: [], deny: [] },
      namespaced: {
        allow: [{ group: '*', kind: '*' }],
        deny: [{ group: '*', kind: 'Secret' }],
      },
    };
    expect(kindProblem(closed, '', 'Namespace', 'Cluster')).toBe(
      'cluster-scoped kind Namespace is not allowed by the default project (allowed: none)',
    );
    expect(kindProblem(closed, '', 'Secret', 'Namespaced')).toBe(
      'namespaced kind Secret is denied by the default project (rule */Secret)',
    );
  });
});

describe('validateObjects with a kind policy', () => {
  const scope = (apiVersion: string, kind: string) =>
    ((
      {
        'v1/Namespace': 'Cluster',
        'v1/ConfigMap': 'Namespaced',
        'v1/ResourceQuota': 'Namespaced',
        'rbac.authorization.k8s.io/v1/ClusterRoleBinding': 'Cluster',
      } as Record<string, 'Cluster' | 'Namespaced'>
    )[`${apiVersion}/${kind}`]);
  const r = (
    apiVersion: string,
    kind: string,
    name: string,
    namespace?: string,
  ): RenderedObject => ({
    source: `app/${name}.yaml`,
    object: {
      apiVersion,
      kind,
      metadata: { name, ...(namespace ? { namespace } : {}) },
    } as KubeObject,
  });
  const problems = (
    objects: RenderedObject[],
    policy: Partial<Parameters<typeof validateObjects>[1]> = {},
  ) => {
    try {
      validateObjects(
        objects,
        {
          namespace: 'shop-dev',
          allowedNamespaces: ['shop-dev'],
          allowClusterScoped: true,
          kinds: shop,
          ...policy,
        },
        scope,
      );
      return [];
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      return (error as ValidationError).message.split('\n').slice(1);
    }
  };

  it('refuses every object of a kind the project does not allow, naming object, kind and project', () => {
    expect(
      problems([
        r('v1', 'Namespace', 'shop-dev'),
        r('v1', 'ConfigMap', 'settings'),
        r('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', 'root'),
        r('v1', 'ResourceQuota', 'quota'),
      ]),
    ).toEqual([
      "app/root.yaml: ClusterRoleBinding root: cluster-scoped kind rbac.authorization.k8s.io/ClusterRoleBinding is not allowed by project 'shop' (allowed: Namespace)",
      "app/quota.yaml: ResourceQuota shop-dev/quota: namespaced kind ResourceQuota is denied by project 'shop' (rule ResourceQuota)",
    ]);
  });

  it("refuses a Namespace of the application's own namespaces when the project allows no Namespace", () => {
    expect(
      problems([r('v1', 'Namespace', 'shop-dev')], {
        allowClusterScoped: false,
        kinds: { ...shop, clusterScoped: { allow: [], deny: [] } },
      }),
    ).toEqual([
      "app/shop-dev.yaml: Namespace shop-dev: cluster-scoped kind Namespace is not allowed by project 'shop' (allowed: none)",
    ]);
  });

  it('reports a refused cluster-scoped kind once, not also as "cluster-scoped objects are not allowed"', () => {
    expect(
      problems(
        [r('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', 'root')],
        { allowClusterScoped: false },
      ),
    ).toHaveLength(1);
  });

  it('without a kind policy (the scaffolder checks a new repository) nothing changes', () => {
    expect(
      problems([r('v1', 'ResourceQuota', 'quota')], { kinds: undefined }),
    ).toEqual([]);
  });
});
