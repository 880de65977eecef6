import { nameProblem } from './names';

describe('nameProblem', () => {
  it.each([
    ['apps', 'Deployment', 'web', true],
    ['apps', 'Deployment', 'web.v2', true],
    ['apps', 'Deployment', 'a'.repeat(253), true],
    ['apps', 'Deployment', 'a'.repeat(254), false],
    ['apps', 'Deployment', 'Web', false],
    ['apps', 'Deployment', 'web_1', false],
    ['apps', 'Deployment', '-web', false],
    ['apps', 'Deployment', 'web.', false],
    ['', 'Service', 'web', true],
    ['', 'Service', 'web.v2', false],
    ['', 'Namespace', 'a'.repeat(63), true],
    ['', 'Namespace', 'a'.repeat(64), false],
    ['rbac.authorization.k8s.io', 'ClusterRole', 'system:controller:web', true],
    ['rbac.authorization.k8s.io', 'Role', 'a/b', false],
    ['rbac.authorization.k8s.io', 'RoleBinding', '..', false],
    ['example.com', 'Service', 'web.v2', true], // only the core Service is label-named
  ])('%s/%s %j valid=%s', (group, kind, name, valid) => {
    expect(nameProblem(group, kind, name) === undefined).toBe(valid);
  });
});
