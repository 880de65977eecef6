import type { KubeObject } from '@backstage-gitops/plugin-gitops-node';
import { kindRank } from './kindOrder';

const o = (apiVersion: string, kind: string): KubeObject => ({
  apiVersion,
  kind,
  metadata: { name: 'x' },
});

describe('kindRank', () => {
  it.each<[string, KubeObject, KubeObject]>([
    [
      'Namespace before ServiceAccount',
      o('v1', 'Namespace'),
      o('v1', 'ServiceAccount'),
    ],
    ['Secret before ConfigMap', o('v1', 'Secret'), o('v1', 'ConfigMap')],
    [
      'PVC before CRD',
      o('v1', 'PersistentVolumeClaim'),
      o('apiextensions.k8s.io/v1', 'CustomResourceDefinition'),
    ],
    [
      'ClusterRole before RoleBinding',
      o('rbac.authorization.k8s.io/v1', 'ClusterRole'),
      o('rbac.authorization.k8s.io/v1', 'RoleBinding'),
    ],
    [
      'Service before Deployment',
      o('v1', 'Service'),
      o('apps/v1', 'Deployment'),
    ],
    [
      'Deployment before HPA',
      o('apps/v1', 'Deployment'),
      o('autoscaling/v2', 'HorizontalPodAutoscaler'),
    ],
    [
      'CronJob before Ingress',
      o('batch/v1', 'CronJob'),
      o('networking.k8s.io/v1', 'Ingress'),
    ],
    [
      'Ingress before a custom resource',
      o('networking.k8s.io/v1', 'Ingress'),
      o('example.com/v1', 'Widget'),
    ],
    [
      'the core Service before a custom kind named Service',
      o('v1', 'Service'),
      o('example.com/v1', 'Service'),
    ],
  ])('%s', (_name, first, second) => {
    expect(kindRank(first)).toBeLessThan(kindRank(second));
  });
});
