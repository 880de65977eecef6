import type { KubeObject } from '@backstage-gitops/plugin-gitops-node';
import { condition, describeCondition, num } from './access';
import { degraded, healthy, HealthResult, progressing } from './types';

/**
 * Any kind with a `Ready` condition (Flux, cert-manager, Crossplane, many operators):
 * the kstatus convention. A status older than the spec says nothing about the spec yet.
 * Returns undefined for kinds without a Ready condition.
 */
export function readyConditionHealth(
  obj: KubeObject,
): HealthResult | undefined {
  const ready = condition(obj, 'Ready');
  if (!ready) return undefined;
  const generation = num(obj, 'metadata', 'generation');
  const observed = num(obj, 'status', 'observedGeneration');
  if (
    generation !== undefined &&
    observed !== undefined &&
    observed < generation
  ) {
    return progressing(
      `Waiting for the controller to observe generation ${generation}`,
    );
  }
  const text = describeCondition(ready);
  switch (ready.status) {
    case 'True':
      return healthy(text);
    case 'False':
      return degraded(text || 'Not ready');
    default:
      return progressing(text || 'Readiness is not known yet');
  }
}
