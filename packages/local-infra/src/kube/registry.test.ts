import { isBuiltinNamespaced } from './builtinKinds';
import { Registry, versionPriority } from './registry';

describe('Registry', () => {
  it('answers isNamespaced for built-in kinds and undefined for kinds it does not serve', () => {
    const r = new Registry();
    expect(r.isNamespaced('v1', 'ConfigMap')).toBe(true);
    expect(r.isNamespaced('v1', 'Namespace')).toBe(false);
    expect(r.isNamespaced('rbac.authorization.k8s.io/v1', 'ClusterRole')).toBe(
      false,
    );
    expect(r.isNamespaced('apps/v1', 'Deployment')).toBe(true);
    expect(r.isNamespaced('example.com/v1', 'Widget')).toBeUndefined();
  });

  it('orders versions kube-aware: GA before beta before alpha, higher first', () => {
    expect(
      ['v1alpha1', 'v1', 'v2beta1', 'v1beta2', 'v2', 'foo'].sort(
        versionPriority,
      ),
    ).toEqual(['v2', 'v1', 'v2beta1', 'v1beta2', 'v1alpha1', 'foo']);
  });
});

describe('built-in kinds table', () => {
  it.each([
    ['v1', 'Namespace', false],
    ['v1', 'Secret', true],
    ['batch/v1', 'CronJob', true],
    ['apiextensions.k8s.io/v1', 'CustomResourceDefinition', false],
    ['apps/v1', 'Widget', undefined],
  ])('%s %s is namespaced: %s', (apiVersion, kind, expected) => {
    expect(isBuiltinNamespaced(apiVersion, kind)).toBe(expected);
  });

  it('gives namespaces no deletecollection and deployments status, scale and generation', () => {
    const r = new Registry();
    expect(r.find('', 'v1', 'namespaces')!.verbs).not.toContain(
      'deletecollection',
    );
    expect(r.find('apps', 'v1', 'deployments')).toMatchObject({
      statusSubresource: true,
      tracksGeneration: true,
      shortNames: ['deploy'],
      categories: ['all'],
    });
    expect(r.find('apps', 'v1', 'deployments')!.scale).toBeDefined();
    expect(r.find('', 'v1', 'configmaps')).toMatchObject({
      statusSubresource: false,
      tracksGeneration: false,
      scale: undefined,
    });
  });
});
