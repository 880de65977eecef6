import type { KubeObject } from '@backstage-gitops/plugin-gitops-node';
import {
  Condition,
  conditions,
  describeCondition,
  str,
  toConditions,
} from './access';
import {
  degraded,
  healthy,
  HealthResult,
  progressing,
  suspended,
} from './types';

/** autoscaling/v1 keeps the v2 conditions as JSON in this annotation. */
const V1_CONDITIONS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/conditions';

function hpaConditions(obj: KubeObject): Condition[] {
  const fromStatus = conditions(obj);
  if (fromStatus.length > 0) return fromStatus;
  const raw = str(obj, 'metadata', 'annotations', V1_CONDITIONS_ANNOTATION);
  if (!raw) return [];
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) ? toConditions(parsed) : [];
  } catch {
    return [];
  }
}

/**
 * HorizontalPodAutoscaler: AbleToScale=False (cannot read or update the scale) and
 * ScalingActive=False (metrics unavailable, bad selector) are Degraded, except
 * ScalingActive=False/ScalingDisabled, which is how an HPA reports a target scaled to
 * zero on purpose → Suspended. No conditions yet → Progressing.
 */
export function hpaHealth(obj: KubeObject): HealthResult {
  const all = hpaConditions(obj);
  if (all.length === 0)
    return progressing('Waiting for the autoscaler to observe the target');
  const able = all.find(c => c.type === 'AbleToScale');
  if (able?.status === 'False')
    return degraded(describeCondition(able) || 'Not able to scale');
  const active = all.find(c => c.type === 'ScalingActive');
  if (active?.status === 'False') {
    return active.reason === 'ScalingDisabled'
      ? suspended(describeCondition(active))
      : degraded(describeCondition(active) || 'Scaling is not active');
  }
  const limited = all.find(
    c => c.type === 'ScalingLimited' && c.status === 'True',
  );
  return healthy(limited ? describeCondition(limited) : 'Autoscaler is active');
}
