import type { KubeObject } from '@backstage-gitops/plugin-gitops-node';
import { assessHealth } from './registry';
import { live } from './testObjects';

describe('health of other kinds', () => {
  it.each<[string, KubeObject | undefined, string, RegExp]>([
    ['an absent object', undefined, 'Missing', /does not exist/],
    [
      'an object being deleted',
      live('apps/v1', 'Deployment', {
        metadata: { deletionTimestamp: '2024-01-01T00:00:00Z' },
      }),
      'Progressing',
      /Pending deletion/,
    ],

    [
      'a completed Job',
      live('batch/v1', 'Job', {
        status: { conditions: [{ type: 'Complete', status: 'True' }] },
      }),
      'Healthy',
      /completed/,
    ],
    [
      'a failed Job',
      live('batch/v1', 'Job', {
        status: {
          conditions: [
            {
              type: 'Failed',
              status: 'True',
              reason: 'BackoffLimitExceeded',
              message: 'Job has reached the specified backoff limit',
            },
          ],
        },
      }),
      'Degraded',
      /^BackoffLimitExceeded: Job has reached/,
    ],
    [
      'a failing Job',
      live('batch/v1', 'Job', {
        status: {
          conditions: [
            {
              type: 'FailureTarget',
              status: 'True',
              reason: 'BackoffLimitExceeded',
            },
          ],
        },
      }),
      'Degraded',
      /BackoffLimitExceeded/,
    ],
    [
      'a suspended Job',
      live('batch/v1', 'Job', { spec: { suspend: true } }),
      'Suspended',
      /suspended/,
    ],
    [
      'a running Job',
      live('batch/v1', 'Job', { status: { active: 1 } }),
      'Progressing',
      /1 active, 0 succeeded/,
    ],
    [
      'a CronJob',
      live('batch/v1', 'CronJob', {
        status: { lastScheduleTime: '2024-01-01T00:00:00Z' },
      }),
      'Healthy',
      /Last scheduled at 2024-01-01/,
    ],
    [
      'a suspended CronJob',
      live('batch/v1', 'CronJob', { spec: { suspend: true } }),
      'Suspended',
      /suspended/,
    ],

    [
      'a ClusterIP Service',
      live('v1', 'Service', { spec: { type: 'ClusterIP' } }),
      'Healthy',
      /^$/,
    ],
    [
      'a LoadBalancer Service without address',
      live('v1', 'Service', {
        spec: { type: 'LoadBalancer' },
        status: { loadBalancer: {} },
      }),
      'Progressing',
      /load balancer/,
    ],
    [
      'a LoadBalancer Service with address',
      live('v1', 'Service', {
        spec: { type: 'LoadBalancer' },
        status: { loadBalancer: { ingress: [{ ip: '10.0.0.1' }] } },
      }),
      'Healthy',
      /10\.0\.0\.1/,
    ],
    [
      'an Ingress without address',
      live('networking.k8s.io/v1', 'Ingress', {}),
      'Healthy',
      /No address/,
    ],
    [
      'an Ingress with address',
      live('networking.k8s.io/v1', 'Ingress', {
        status: { loadBalancer: { ingress: [{ hostname: 'lb.example' }] } },
      }),
      'Healthy',
      /lb\.example/,
    ],

    [
      'a bound PVC',
      live('v1', 'PersistentVolumeClaim', { status: { phase: 'Bound' } }),
      'Healthy',
      /bound/,
    ],
    [
      'a pending PVC',
      live('v1', 'PersistentVolumeClaim', { status: { phase: 'Pending' } }),
      'Progressing',
      /Waiting/,
    ],
    [
      'a lost PVC',
      live('v1', 'PersistentVolumeClaim', { status: { phase: 'Lost' } }),
      'Degraded',
      /lost/,
    ],

    [
      'an HPA without conditions',
      live('autoscaling/v2', 'HorizontalPodAutoscaler', {}),
      'Progressing',
      /Waiting/,
    ],
    [
      'a working HPA',
      live('autoscaling/v2', 'HorizontalPodAutoscaler', {
        status: {
          conditions: [
            { type: 'AbleToScale', status: 'True' },
            { type: 'ScalingActive', status: 'True' },
          ],
        },
      }),
      'Healthy',
      /active/,
    ],
    [
      'an HPA without metrics',
      live('autoscaling/v2', 'HorizontalPodAutoscaler', {
        status: {
          conditions: [
            { type: 'AbleToScale', status: 'True' },
            {
              type: 'ScalingActive',
              status: 'False',
              reason: 'FailedGetResourceMetric',
              message: 'missing request for cpu',
            },
          ],
        },
      }),
      'Degraded',
      /FailedGetResourceMetric: missing request/,
    ],
    [
      'an HPA unable to scale',
      live('autoscaling/v2', 'HorizontalPodAutoscaler', {
        status: {
          conditions: [
            { type: 'AbleToScale', status: 'False', reason: 'FailedGetScale' },
          ],
        },
      }),
      'Degraded',
      /FailedGetScale/,
    ],
    [
      'an HPA whose target is scaled to zero',
      live('autoscaling/v2', 'HorizontalPodAutoscaler', {
        status: {
          conditions: [
            {
              type: 'ScalingActive',
              status: 'False',
              reason: 'ScalingDisabled',
            },
          ],
        },
      }),
      'Suspended',
      /ScalingDisabled/,
    ],
    [
      'an autoscaling/v1 HPA with conditions in its annotation',
      live('autoscaling/v1', 'HorizontalPodAutoscaler', {
        metadata: {
          annotations: {
            'autoscaling.alpha.kubernetes.io/conditions': JSON.stringify([
              {
                type: 'ScalingActive',
                status: 'False',
                reason: 'InvalidSelector',
              },
            ]),
          },
        },
      }),
      'Degraded',
      /InvalidSelector/,
    ],

    [
      'a custom resource Ready=True',
      live('cert-manager.io/v1', 'Certificate', {
        status: {
          conditions: [
            {
              type: 'Ready',
              status: 'True',
              reason: 'Ready',
              message: 'Certificate is up to date',
            },
          ],
        },
      }),
      'Healthy',
      /up to date/,
    ],
    [
      'a custom resource Ready=False',
      live('cert-manager.io/v1', 'Certificate', {
        status: {
          conditions: [
            {
              type: 'Ready',
              status: 'False',
              reason: 'Failed',
              message: 'issuer not found',
            },
          ],
        },
      }),
      'Degraded',
      /^Failed: issuer not found$/,
    ],
    [
      'a custom resource Ready=Unknown',
      live('example.com/v1', 'Widget', {
        status: { conditions: [{ type: 'Ready', status: 'Unknown' }] },
      }),
      'Progressing',
      /not known/,
    ],
    [
      'a custom resource whose status is stale',
      live('example.com/v1', 'Widget', {
        metadata: { generation: 3 },
        status: {
          observedGeneration: 2,
          conditions: [{ type: 'Ready', status: 'True' }],
        },
      }),
      'Progressing',
      /generation 3/,
    ],
    ['a ConfigMap', live('v1', 'ConfigMap', {}), 'Healthy', /^$/],
    [
      'a custom resource without conditions',
      live('example.com/v1', 'Widget', { status: {} }),
      'Healthy',
      /^$/,
    ],
  ])('%s → %s', (_name, obj, expected, message) => {
    const result = assessHealth(obj);
    expect(result.status).toBe(expected);
    expect(result.message).toMatch(message);
  });
});
