import { jobStatus } from './podStatus';
import {
  deploymentStatus,
  daemonSetStatus,
  statefulSetStatus,
} from './workloadStatus';

const deploy = (replicas: number, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', generation: 3 },
  spec: {
    replicas,
    template: { spec: { containers: [{ name: 'c', image: 'x' }] } },
    ...extra,
  },
});
const now = '2025-01-01T00:00:00Z';
const cond = (s: any, type: string) =>
  s.conditions.find((c: any) => c.type === type);

describe('workload status builders', () => {
  it.each([
    ['progressing', false, 1, 'True', 'ReplicaSetUpdated', 0],
    ['final', false, 4, 'True', 'NewReplicaSetAvailable', 4],
    ['final', true, 4, 'False', 'ProgressDeadlineExceeded', 0],
  ] as const)(
    'deployment %s (failed=%s): updated=%d, Progressing=%s/%s, available=%d',
    (stage, failed, updated, status, reason, available) => {
      const s: any = deploymentStatus({
        obj: deploy(stage === 'progressing' ? 2 : 4),
        stage,
        failed,
        now,
      });
      expect(s.observedGeneration).toBe(3);
      expect(s.updatedReplicas ?? 0).toBe(updated);
      expect(s.availableReplicas ?? 0).toBe(available);
      expect(cond(s, 'Progressing')).toMatchObject({ status, reason });
    },
  );

  it('keeps a paused deployment where it is', () => {
    const s: any = deploymentStatus({
      obj: deploy(2, { paused: true }),
      stage: 'final',
      failed: false,
      now,
    });
    expect(s.availableReplicas).toBeUndefined();
    expect(cond(s, 'Progressing')).toMatchObject({
      status: 'Unknown',
      reason: 'DeploymentPaused',
    });
  });

  it('keeps lastTransitionTime while a condition keeps its status', () => {
    const first: any = deploymentStatus({
      obj: deploy(1),
      stage: 'final',
      failed: false,
      now,
    });
    const obj = { ...deploy(1), status: first };
    const again: any = deploymentStatus({
      obj,
      stage: 'final',
      failed: false,
      now: '2025-01-02T00:00:00Z',
    });
    expect(cond(again, 'Available').lastTransitionTime).toBe(now);
    expect(cond(again, 'Available').lastUpdateTime).toBe(
      '2025-01-02T00:00:00Z',
    );
  });

  it('completes a job with Complete and SuccessCriteriaMet, or fails it with BackoffLimitExceeded', () => {
    const job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'j' },
      spec: { completions: 2, backoffLimit: 1 },
    };
    const ok: any = jobStatus({ obj: job, stage: 'final', failed: false, now });
    expect(ok.succeeded).toBe(2);
    expect(ok.conditions.map((c: any) => c.type)).toEqual([
      'SuccessCriteriaMet',
      'Complete',
    ]);
    const bad: any = jobStatus({ obj: job, stage: 'final', failed: true, now });
    expect(bad.failed).toBe(2);
    expect(cond(bad, 'Failed').reason).toBe('BackoffLimitExceeded');
  });

  it('moves a statefulset revision only when ready, and schedules a daemonset on the one node', () => {
    const sts = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 's', generation: 1 },
      spec: { replicas: 3, template: {} },
    };
    const mid: any = statefulSetStatus({
      obj: sts,
      stage: 'progressing',
      failed: false,
      now,
    });
    const done: any = statefulSetStatus({
      obj: sts,
      stage: 'final',
      failed: false,
      now,
    });
    expect(mid.updatedReplicas).toBe(1);
    expect(done).toMatchObject({
      readyReplicas: 3,
      updatedReplicas: 3,
      currentRevision: done.updateRevision,
    });
    const ds: any = daemonSetStatus({
      obj: { ...sts, kind: 'DaemonSet' },
      stage: 'final',
      failed: false,
      now,
    });
    expect(ds).toMatchObject({
      desiredNumberScheduled: 1,
      numberReady: 1,
      updatedNumberScheduled: 1,
      numberAvailable: 1,
    });
  });
});
