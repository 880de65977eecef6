import { assessHealth } from './registry';
import { live } from './testObjects';

type Row = [string, object, object, object | undefined, string, RegExp];

const deploy = (spec: object, status: object, metadata?: object) =>
  live('apps/v1', 'Deployment', { spec, status, metadata });

describe('Deployment health', () => {
  const done = {
    observedGeneration: 1,
    replicas: 3,
    updatedReplicas: 3,
    availableReplicas: 3,
  };
  it.each<Row>([
    [
      'rolled out',
      { replicas: 3 },
      done,
      undefined,
      'Healthy',
      /3 available replicas/,
    ],
    [
      'paused',
      { replicas: 3, paused: true },
      done,
      undefined,
      'Suspended',
      /paused/,
    ],
    [
      'spec not observed yet',
      { replicas: 3 },
      { ...done, observedGeneration: 1 },
      { generation: 2 },
      'Progressing',
      /observed generation less than desired/,
    ],
    [
      'no status at all',
      { replicas: 1 },
      {},
      undefined,
      'Progressing',
      /observed generation/,
    ],
    [
      'progress deadline exceeded',
      { replicas: 3 },
      {
        ...done,
        updatedReplicas: 1,
        conditions: [
          {
            type: 'Progressing',
            status: 'False',
            reason: 'ProgressDeadlineExceeded',
            message: 'ReplicaSet "web-1" has timed out progressing.',
          },
        ],
      },
      undefined,
      'Degraded',
      /exceeded its progress deadline: ReplicaSet "web-1" has timed out/,
    ],
    [
      'new replicas being updated',
      { replicas: 3 },
      { ...done, updatedReplicas: 1 },
      undefined,
      'Progressing',
      /^Waiting for rollout to finish: 1 out of 3 new replicas have been updated/,
    ],
    [
      'old replicas terminating',
      { replicas: 3 },
      { ...done, replicas: 4 },
      undefined,
      'Progressing',
      /1 old replicas are pending termination/,
    ],
    [
      'updated replicas not available',
      { replicas: 3 },
      { ...done, availableReplicas: 2 },
      undefined,
      'Progressing',
      /2 of 3 updated replicas are available/,
    ],
    [
      'scaled to zero',
      { replicas: 0 },
      { observedGeneration: 1 },
      undefined,
      'Healthy',
      /0 available/,
    ],
  ])('%s', (_name, spec, status, metadata, expected, message) => {
    const result = assessHealth(deploy(spec, status, metadata));
    expect(result.status).toBe(expected);
    expect(result.message).toMatch(message);
  });
});

describe('StatefulSet health', () => {
  const sts = (spec: object, status: object) =>
    live('apps/v1', 'StatefulSet', { spec, status });
  const ok = {
    observedGeneration: 1,
    replicas: 3,
    readyReplicas: 3,
    updatedReplicas: 3,
    currentRevision: 'r2',
    updateRevision: 'r2',
  };
  it.each<[string, object, object, string, RegExp]>([
    [
      'rolled out',
      { replicas: 3 },
      ok,
      'Healthy',
      /rolling update complete: 3 pods at revision r2/,
    ],
    [
      'not observed',
      { replicas: 3 },
      { ...ok, observedGeneration: 0 },
      'Progressing',
      /spec update to be observed/,
    ],
    [
      'pods not ready',
      { replicas: 3 },
      { ...ok, readyReplicas: 1 },
      'Progressing',
      /Waiting for 2 pods to be ready/,
    ],
    [
      'rolling update in progress',
      {
        replicas: 3,
        updateStrategy: {
          type: 'RollingUpdate',
          rollingUpdate: { partition: 0 },
        },
      },
      { ...ok, updatedReplicas: 1 },
      'Progressing',
      /1 out of 3 pods have been updated/,
    ],
    [
      'partitioned update waiting',
      {
        replicas: 5,
        updateStrategy: {
          type: 'RollingUpdate',
          rollingUpdate: { partition: 3 },
        },
      },
      { ...ok, replicas: 5, readyReplicas: 5, updatedReplicas: 1 },
      'Progressing',
      /partitioned roll out to finish: 1 out of 2 new pods/,
    ],
    [
      'partitioned update done',
      {
        replicas: 5,
        updateStrategy: {
          type: 'RollingUpdate',
          rollingUpdate: { partition: 3 },
        },
      },
      { ...ok, replicas: 5, readyReplicas: 5, updatedReplicas: 2 },
      'Healthy',
      /Partitioned roll out complete: 2 new pods/,
    ],
    [
      'OnDelete with ready pods',
      { replicas: 3, updateStrategy: { type: 'OnDelete' } },
      { ...ok, updatedReplicas: 0 },
      'Healthy',
      /3 ready pods/,
    ],
  ])('%s', (_name, spec, status, expected, message) => {
    const result = assessHealth(sts(spec, status));
    expect(result.status).toBe(expected);
    expect(result.message).toMatch(message);
  });
});

describe('DaemonSet health', () => {
  const ds = (spec: object, status: object, generation = 1) =>
    live('apps/v1', 'DaemonSet', { spec, status, metadata: { generation } });
  const ok = {
    observedGeneration: 1,
    desiredNumberScheduled: 4,
    updatedNumberScheduled: 4,
    numberAvailable: 4,
  };
  it.each<[string, object, object, number, string, RegExp]>([
    ['rolled out', {}, ok, 1, 'Healthy', /4 available pods/],
    ['not observed', {}, ok, 2, 'Progressing', /spec update to be observed/],
    [
      'updating',
      {},
      { ...ok, updatedNumberScheduled: 2 },
      1,
      'Progressing',
      /2 out of 4 new pods have been updated/,
    ],
    [
      'not available',
      {},
      { ...ok, numberAvailable: 3 },
      1,
      'Progressing',
      /3 of 4 updated pods are available/,
    ],
    [
      'OnDelete',
      { updateStrategy: { type: 'OnDelete' } },
      { ...ok, updatedNumberScheduled: 1 },
      1,
      'Healthy',
      /1 out of 4 new pods/,
    ],
  ])('%s', (_name, spec, status, generation, expected, message) => {
    const result = assessHealth(ds(spec, status, generation));
    expect(result.status).toBe(expected);
    expect(result.message).toMatch(message);
  });
});

describe('ReplicaSet health', () => {
  const rs = (status: object) =>
    live('apps/v1', 'ReplicaSet', { spec: { replicas: 2 }, status });
  it.each<[string, object, string, RegExp]>([
    [
      'available',
      { observedGeneration: 1, availableReplicas: 2 },
      'Healthy',
      /2 available/,
    ],
    [
      'not observed',
      { observedGeneration: 0, availableReplicas: 2 },
      'Progressing',
      /generation less than desired/,
    ],
    [
      'replica failure',
      {
        observedGeneration: 1,
        conditions: [
          {
            type: 'ReplicaFailure',
            status: 'True',
            reason: 'FailedCreate',
            message: 'quota exceeded',
          },
        ],
      },
      'Degraded',
      /^FailedCreate: quota exceeded$/,
    ],
    [
      'scaling up',
      { observedGeneration: 1, availableReplicas: 1 },
      'Progressing',
      /1 out of 2 new replicas are available/,
    ],
  ])('%s', (_name, status, expected, message) => {
    const result = assessHealth(rs(status));
    expect(result.status).toBe(expected);
    expect(result.message).toMatch(message);
  });
});
