import { createHash } from 'node:crypto';
import type { KubeObject } from './types';

/**
 * Pure status builders for the workload simulator: what the controllers of a small, healthy cluster
 * would write. Field names and condition reasons follow the apps/v1 and batch/v1 controllers.
 */
export type Stage = 'progressing' | 'final';

export interface SimInput {
  obj: KubeObject;
  stage: Stage;
  /** A container image never becomes ready (ClusterHandle.failImage). */
  failed: boolean;
  now: string;
}

const SAFE = 'bcdfghjklmnpqrstvwxz2456789';

/** Like pod-template-hash / controller-revision-hash: a short, stable hash of the template. */
export function templateHash(template: unknown): string {
  const digest = createHash('sha256')
    .update(JSON.stringify(template ?? {}))
    .digest();
  let out = '';
  for (let i = 0; i < 10; i++) out += SAFE[digest[i] % SAFE.length];
  return out;
}

function condition(
  prev: any,
  type: string,
  status: string,
  reason: string,
  message: string,
  now: string,
) {
  const old = (prev?.conditions ?? []).find((c: any) => c.type === type);
  const lastTransitionTime =
    old && old.status === status ? old.lastTransitionTime : now;
  return {
    type,
    status,
    lastUpdateTime: now,
    lastTransitionTime,
    reason,
    message,
  };
}

/** Integer fields are omitempty in these status structs. */
function omitZero<T extends Record<string, any>>(o: T): T {
  for (const [k, v] of Object.entries(o))
    if (v === 0 || v === undefined) delete o[k];
  return o;
}

function maxUnavailable(obj: KubeObject, desired: number): number {
  const ru = obj.spec?.strategy?.rollingUpdate;
  if (obj.spec?.strategy?.type === 'Recreate' || !ru) return 0;
  const resolve = (v: unknown, roundUp: boolean) => {
    if (typeof v === 'number') return v;
    const pct = Number(String(v ?? '25%').replace('%', ''));
    const raw = (desired * pct) / 100;
    return roundUp ? Math.ceil(raw) : Math.floor(raw);
  };
  const unavailable = resolve(ru.maxUnavailable, false);
  const surge = resolve(ru.maxSurge, true);
  return unavailable === 0 && surge === 0 ? 1 : unavailable;
}

export function deploymentStatus({ obj, stage, failed, now }: SimInput) {
  const prev = obj.status ?? {};
  const desired: number = obj.spec?.replicas ?? 1;
  const rs = `${obj.metadata.name}-${templateHash(obj.spec?.template)}`;
  const generation = obj.metadata.generation;
  if (obj.spec?.paused) {
    return {
      ...prev,
      observedGeneration: generation,
      conditions: [
        ...(prev.conditions ?? []).filter((c: any) => c.type !== 'Progressing'),
        condition(
          prev,
          'Progressing',
          'Unknown',
          'DeploymentPaused',
          'Deployment is paused',
          now,
        ),
      ],
    };
  }
  const available =
    stage === 'final' && !failed
      ? desired
      : Math.min(prev.availableReplicas ?? 0, desired);
  const updated = stage === 'final' ? desired : Math.floor(desired / 2);
  const minAvailable = desired - maxUnavailable(obj, desired);
  const availableCond =
    available >= minAvailable
      ? condition(
          prev,
          'Available',
          'True',
          'MinimumReplicasAvailable',
          'Deployment has minimum availability.',
          now,
        )
      : condition(
          prev,
          'Available',
          'False',
          'MinimumReplicasUnavailable',
          'Deployment does not have minimum availability.',
          now,
        );
  let progressing;
  if (stage === 'progressing')
    progressing = condition(
      prev,
      'Progressing',
      'True',
      'ReplicaSetUpdated',
      `ReplicaSet "${rs}" is progressing.`,
      now,
    );
  else if (failed)
    progressing = condition(
      prev,
      'Progressing',
      'False',
      'ProgressDeadlineExceeded',
      `ReplicaSet "${rs}" has timed out progressing.`,
      now,
    );
  else
    progressing = condition(
      prev,
      'Progressing',
      'True',
      'NewReplicaSetAvailable',
      `ReplicaSet "${rs}" has successfully progressed.`,
      now,
    );
  return {
    observedGeneration: generation,
    ...omitZero({
      replicas: desired,
      updatedReplicas: updated,
      readyReplicas: available,
      availableReplicas: available,
      unavailableReplicas: desired - available,
    }),
    conditions: [availableCond, progressing],
  };
}

export function statefulSetStatus({ obj, stage, failed }: SimInput) {
  const prev = obj.status ?? {};
  const desired: number = obj.spec?.replicas ?? 1;
  const revision = `${obj.metadata.name}-${templateHash(obj.spec?.template)}`;
  const done = stage === 'final' && !failed;
  const ready = done ? desired : Math.min(prev.readyReplicas ?? 0, desired);
  const updated = stage === 'final' ? desired : Math.floor(desired / 2);
  return {
    observedGeneration: obj.metadata.generation,
    replicas: desired,
    ...omitZero({
      readyReplicas: ready,
      availableReplicas: ready,
      currentReplicas: done ? desired : prev.currentReplicas ?? 0,
      updatedReplicas: updated,
    }),
    currentRevision: done ? revision : prev.currentRevision ?? revision,
    updateRevision: revision,
    collisionCount: 0,
  };
}

/** The simulated cluster has one schedulable node. */
export function daemonSetStatus({ obj, stage, failed }: SimInput) {
  const prev = obj.status ?? {};
  const nodes = 1;
  const ready =
    stage === 'final' && !failed
      ? nodes
      : Math.min(prev.numberReady ?? 0, nodes);
  return {
    observedGeneration: obj.metadata.generation,
    desiredNumberScheduled: nodes,
    currentNumberScheduled: nodes,
    numberMisscheduled: 0,
    numberReady: ready,
    updatedNumberScheduled: stage === 'final' ? nodes : 0,
    ...omitZero({ numberAvailable: ready, numberUnavailable: nodes - ready }),
  };
}

export function replicaSetStatus({ obj, stage, failed }: SimInput) {
  const desired: number = obj.spec?.replicas ?? 1;
  const ready =
    stage === 'final' && !failed ? desired : Math.floor(desired / 2);
  return {
    replicas: desired,
    ...omitZero({
      fullyLabeledReplicas: desired,
      readyReplicas: ready,
      availableReplicas: ready,
    }),
    observedGeneration: obj.metadata.generation,
  };
}
