import type { KubeObject } from '@backstage-gitops/plugin-gitops-node';
import { groupOf } from '@backstage-gitops/plugin-gitops-node';
import { cronJobHealth, jobHealth } from './batch';
import { hpaHealth } from './autoscaling';
import { readyConditionHealth } from './generic';
import { ingressHealth, serviceHealth } from './networking';
import { podHealth } from './pod';
import { pvcHealth } from './storage';
import { HealthCheck, HealthResult } from './types';
import {
  daemonSetHealth,
  deploymentHealth,
  replicaSetHealth,
  statefulSetHealth,
} from './workloads';

export interface HealthRegistry {
  /** Health of a live object; undefined (not in the cluster) is Missing. */
  assessHealth(obj: KubeObject | undefined): HealthResult;
}

/** Checks by `group/Kind`; core-group kinds are keyed by their bare Kind. */
const BUILT_IN: Record<string, HealthCheck> = {
  'apps/Deployment': deploymentHealth,
  'apps/StatefulSet': statefulSetHealth,
  'apps/DaemonSet': daemonSetHealth,
  'apps/ReplicaSet': replicaSetHealth,
  'batch/Job': jobHealth,
  'batch/CronJob': cronJobHealth,
  Pod: podHealth,
  Service: serviceHealth,
  PersistentVolumeClaim: pvcHealth,
  'networking.k8s.io/Ingress': ingressHealth,
  'autoscaling/HorizontalPodAutoscaler': hpaHealth,
};

function typeKey(group: string, kind: string): string {
  return group ? `${group}/${kind}` : kind;
}

/** Accepts `Pod`, `/Pod` and `core/Pod` for the core group. */
function normalizeKey(key: string): string {
  return key.replace(/^(core)?\//, '');
}

/**
 * Builds a health assessor. `extraChecks` (keyed `group/Kind`, e.g.
 * `cert-manager.io/Certificate`, or a bare Kind for the core group) run before the
 * built-in ones and may return undefined to defer to them. Kinds without a check use
 * their `Ready` condition if they have one, and are otherwise Healthy: existing is all
 * a ConfigMap can do.
 */
export function createHealthRegistry(
  extraChecks: Record<string, HealthCheck> = {},
): HealthRegistry {
  const extra = new Map(
    Object.entries(extraChecks).map(([key, check]) => [
      normalizeKey(key),
      check,
    ]),
  );
  return {
    assessHealth(obj) {
      if (!obj)
        return {
          status: 'Missing',
          message: 'Resource does not exist in the cluster',
        };
      if (obj.metadata?.deletionTimestamp) {
        return { status: 'Progressing', message: 'Pending deletion' };
      }
      const key = typeKey(groupOf(obj.apiVersion), obj.kind);
      for (const check of [extra.get(key), BUILT_IN[key]]) {
        if (!check) continue;
        const result = runCheck(check, obj, key);
        if (result) return result;
      }
      return readyConditionHealth(obj) ?? { status: 'Healthy', message: '' };
    },
  };
}

function runCheck(
  check: HealthCheck,
  obj: KubeObject,
  key: string,
): HealthResult | undefined {
  try {
    return check(obj);
  } catch (e) {
    return {
      status: 'Unknown',
      message: `Health check for ${key} failed: ${(e as Error).message}`,
    };
  }
}

const defaultRegistry = createHealthRegistry();

/** Health of a live object with the built-in checks only. */
export function assessHealth(obj: KubeObject | undefined): HealthResult {
  return defaultRegistry.assessHealth(obj);
}
