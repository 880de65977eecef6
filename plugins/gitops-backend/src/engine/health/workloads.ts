/*
 * Rollout health of apps/v1 workloads, following `kubectl rollout status`
 * (kubectl/pkg/polymorphichelpers/rollout_status.go) and gitops-engine's health checks.
 * A controller has acted on a spec only once status.observedGeneration reaches
 * metadata.generation (api-conventions: "Spec and Status" → observedGeneration).
 */
import type { KubeObject } from '@backstage-gitops/plugin-gitops-node';
import { condition, describeCondition, field, num, str } from './access';
import {
  degraded,
  healthy,
  HealthResult,
  progressing,
  suspended,
} from './types';

function specObserved(obj: KubeObject): boolean {
  return (
    (num(obj, 'metadata', 'generation') ?? 0) <=
    (num(obj, 'status', 'observedGeneration') ?? 0)
  );
}

export function deploymentHealth(obj: KubeObject): HealthResult {
  if (field(obj, 'spec', 'paused') === true)
    return suspended('Deployment is paused');
  if (!specObserved(obj)) {
    return progressing(
      'Waiting for rollout to finish: observed generation less than desired generation',
    );
  }
  const progress = condition(obj, 'Progressing');
  if (
    progress?.status === 'False' &&
    progress.reason === 'ProgressDeadlineExceeded'
  ) {
    return degraded(
      `Deployment exceeded its progress deadline${
        progress.message ? `: ${progress.message}` : ''
      }`,
    );
  }
  const replicas = num(obj, 'spec', 'replicas') ?? 1;
  const updated = num(obj, 'status', 'updatedReplicas') ?? 0;
  const current = num(obj, 'status', 'replicas') ?? 0;
  const available = num(obj, 'status', 'availableReplicas') ?? 0;
  if (updated < replicas) {
    return progressing(
      `Waiting for rollout to finish: ${updated} out of ${replicas} new replicas have been updated...`,
    );
  }
  if (current > updated) {
    return progressing(
      `Waiting for rollout to finish: ${
        current - updated
      } old replicas are pending termination...`,
    );
  }
  if (available < updated) {
    return progressing(
      `Waiting for rollout to finish: ${available} of ${updated} updated replicas are available...`,
    );
  }
  return healthy(`Deployment has ${available} available replicas`);
}

export function statefulSetHealth(obj: KubeObject): HealthResult {
  if (
    num(obj, 'status', 'observedGeneration') === undefined ||
    !specObserved(obj)
  ) {
    return progressing('Waiting for statefulset spec update to be observed...');
  }
  const replicas = num(obj, 'spec', 'replicas') ?? 1;
  const ready = num(obj, 'status', 'readyReplicas') ?? 0;
  if (ready < replicas)
    return progressing(`Waiting for ${replicas - ready} pods to be ready...`);
  if (str(obj, 'spec', 'updateStrategy', 'type') === 'OnDelete') {
    // Pods are replaced only when someone deletes them; there is no rollout to wait for.
    return healthy(`StatefulSet has ${ready} ready pods`);
  }
  const partition =
    num(obj, 'spec', 'updateStrategy', 'rollingUpdate', 'partition') ?? 0;
  const updated = num(obj, 'status', 'updatedReplicas') ?? 0;
  // Pods with an ordinal below the partition keep the old revision on purpose.
  const target = replicas - partition;
  if (partition > 0) {
    return updated < target
      ? progressing(
          `Waiting for partitioned roll out to finish: ${updated} out of ${target} new pods have been updated...`,
        )
      : healthy(
          `Partitioned roll out complete: ${updated} new pods have been updated`,
        );
  }
  if (updated < target) {
    return progressing(
      `Waiting for rolling update to finish: ${updated} out of ${target} pods have been updated...`,
    );
  }
  const revision = str(obj, 'status', 'updateRevision');
  return healthy(
    `StatefulSet rolling update complete: ${updated} pods${
      revision ? ` at revision ${revision}` : ''
    }`,
  );
}

export function daemonSetHealth(obj: KubeObject): HealthResult {
  if (!specObserved(obj))
    return progressing('Waiting for daemon set spec update to be observed...');
  const desired = num(obj, 'status', 'desiredNumberScheduled') ?? 0;
  const updated = num(obj, 'status', 'updatedNumberScheduled') ?? 0;
  const available = num(obj, 'status', 'numberAvailable') ?? 0;
  if (str(obj, 'spec', 'updateStrategy', 'type') === 'OnDelete') {
    return healthy(
      `DaemonSet ${updated} out of ${desired} new pods have been updated`,
    );
  }
  if (updated < desired) {
    return progressing(
      `Waiting for daemon set rollout to finish: ${updated} out of ${desired} new pods have been updated...`,
    );
  }
  if (available < desired) {
    return progressing(
      `Waiting for daemon set rollout to finish: ${available} of ${desired} updated pods are available...`,
    );
  }
  return healthy(`DaemonSet has ${available} available pods`);
}

export function replicaSetHealth(obj: KubeObject): HealthResult {
  if (!specObserved(obj)) {
    return progressing(
      'Waiting for rollout to finish: observed replica set generation less than desired generation',
    );
  }
  const failure = condition(obj, 'ReplicaFailure');
  if (failure?.status === 'True')
    return degraded(describeCondition(failure) || 'Replica failure');
  const replicas = num(obj, 'spec', 'replicas') ?? 1;
  const available = num(obj, 'status', 'availableReplicas') ?? 0;
  if (available < replicas) {
    return progressing(
      `Waiting for rollout to finish: ${available} out of ${replicas} new replicas are available...`,
    );
  }
  return healthy(`ReplicaSet has ${available} available replicas`);
}
