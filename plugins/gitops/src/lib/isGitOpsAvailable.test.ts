import type { Entity } from '@backstage/catalog-model';
import { isGitOpsAvailable } from './isGitOpsAvailable';

const entity = (
  kind: string,
  annotations?: Record<string, string>,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'shop', annotations },
});

describe('isGitOpsAvailable', () => {
  it.each<[string, Entity, boolean]>([
    [
      'a component with the annotation',
      entity('Component', {
        'gitops.backstage.io/config-repo': 'https://git.example.com/a.git',
      }),
      true,
    ],
    [
      'a system with the annotation',
      entity('System', {
        'gitops.backstage.io/config-repo': 'https://git.example.com/a.git',
      }),
      true,
    ],
    [
      'a resource with the annotation',
      entity('Resource', {
        'gitops.backstage.io/config-repo': 'https://git.example.com/a.git',
      }),
      true,
    ],
    ['an entity without annotations', entity('Component'), false],
    [
      'an entity with other annotations only',
      entity('Component', { 'gitops.backstage.io/config-ref': 'main' }),
      false,
    ],
    [
      'an entity with a blank annotation',
      entity('Component', { 'gitops.backstage.io/config-repo': '  ' }),
      false,
    ],
  ])('%s → %s', (_name, value, expected) => {
    expect(isGitOpsAvailable(value)).toBe(expected);
  });
});
