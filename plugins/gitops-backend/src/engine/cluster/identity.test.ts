import {
  describeIdentity,
  forbiddenMessage,
  impersonationHeaders,
  serviceAccountIdentity,
} from './identity';

const deployer = serviceAccountIdentity('shop', 'deployer');

describe('identity', () => {
  it('makes a ServiceAccount the user and groups its tokens authenticate as', () => {
    expect(deployer).toEqual({
      user: 'system:serviceaccount:shop:deployer',
      groups: ['system:serviceaccounts', 'system:serviceaccounts:shop'],
    });
    expect(impersonationHeaders(deployer)).toEqual({
      'impersonate-user': 'system:serviceaccount:shop:deployer',
      'impersonate-group': [
        'system:serviceaccounts',
        'system:serviceaccounts:shop',
      ],
    });
    expect(impersonationHeaders({ user: 'alice', groups: [] })).toEqual({
      'impersonate-user': 'alice',
    });
    expect(impersonationHeaders(undefined)).toEqual({});
  });

  it.each([
    [deployer, 'serviceaccount shop/deployer'],
    [{ user: 'alice', groups: [] }, 'user alice'],
    [
      { user: 'alice', groups: ['dev', 'ops'] },
      'user alice (groups: dev, ops)',
    ],
    [undefined, "the portal's own cluster credentials"],
  ])('describes %j as %s', (identity, text) => {
    expect(describeIdentity(identity)).toBe(text);
  });

  it.each([
    [
      'a create checked after the patch',
      {
        verb: 'patch',
        resource: 'clusterrolebindings.rbac.authorization.k8s.io',
        name: 'grant',
        serverMessage:
          'clusterrolebindings.rbac.authorization.k8s.io "grant" is forbidden: User "system:serviceaccount:shop:deployer" cannot create resource "clusterrolebindings" in API group "rbac.authorization.k8s.io" at the cluster scope',
      },
      'serviceaccount shop/deployer may not create clusterrolebindings.rbac.authorization.k8s.io "grant" at the cluster scope (forbidden by the cluster\'s RBAC)',
    ],
    [
      'a namespaced read, verb from the request when the server names none',
      {
        verb: 'get',
        resource: 'configmaps',
        name: 'settings',
        namespace: 'team-b',
        serverMessage: 'forbidden',
      },
      'serviceaccount shop/deployer may not get configmaps "settings" in namespace team-b (forbidden by the cluster\'s RBAC)',
    ],
    [
      'a list',
      {
        verb: 'list',
        resource: 'deployments.apps',
        namespace: 'team-b',
        serverMessage:
          'deployments.apps is forbidden: User "x" cannot list resource "deployments" in API group "apps" in the namespace "team-b"',
      },
      "serviceaccount shop/deployer may not list deployments.apps in namespace team-b (forbidden by the cluster's RBAC)",
    ],
  ])('turns a 403 into who may not do what: %s', (_case, request, text) => {
    expect(forbiddenMessage(deployer, request)).toBe(text);
  });

  it('blames the portal, not the tenant, when the portal may not impersonate', () => {
    expect(
      forbiddenMessage(deployer, {
        verb: 'get',
        resource: 'configmaps',
        name: 'settings',
        namespace: 'shop',
        serverMessage:
          'users "system:serviceaccount:shop:deployer" is forbidden: User "system:serviceaccount:gitops:portal" cannot impersonate resource "users" in API group "" at the cluster scope',
      }),
    ).toMatch(
      /^the portal's own cluster credentials may not impersonate serviceaccount shop\/deployer \(grant them the verb impersonate on users, groups and serviceaccounts\)/,
    );
  });

  it.each([
    ['Shop', 'deployer'],
    ['shop', 'Deployer'],
    ['shop', ''],
  ])('refuses the ServiceAccount %s/%s', (namespace, name) => {
    expect(() => serviceAccountIdentity(namespace, name)).toThrow(
      /is not a DNS/,
    );
  });
});
