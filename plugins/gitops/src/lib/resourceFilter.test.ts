import type { ResourceStatus } from '@backstage-gitops/plugin-gitops-common';
import { filterResources } from './resourceFilter';

const resource = (
  name: string,
  extra: Partial<ResourceStatus> = {},
): ResourceStatus => ({
  group: 'apps',
  version: 'v1',
  kind: 'Deployment',
  namespace: 'shop',
  name,
  syncStatus: 'Synced',
  health: 'Healthy',
  ...extra,
});

const resources = [
  resource('web'),
  resource('worker', { syncStatus: 'OutOfSync' }),
  resource('db', {
    kind: 'StatefulSet',
    health: 'Degraded',
    healthMessage: 'Back-off pulling image',
  }),
  resource('old', { kind: 'ConfigMap', group: '', syncStatus: 'Extraneous' }),
];

describe('filterResources', () => {
  it.each<[string, string, string, string[]]>([
    ['everything', 'all', '', ['web', 'worker', 'db', 'old']],
    ['what needs attention', 'attention', '', ['worker', 'db', 'old']],
    ['one sync status', 'sync:OutOfSync', '', ['worker']],
    ['one health', 'health:Degraded', '', ['db']],
    ['by name', 'all', 'WOR', ['worker']],
    ['by kind', 'all', 'configmap', ['old']],
    ['by message', 'all', 'pulling', ['db']],
    ['status and text together', 'attention', 'web', []],
  ])('%s', (_name, status, text, expected) => {
    expect(filterResources(resources, status, text).map(r => r.name)).toEqual(
      expected,
    );
  });
});
