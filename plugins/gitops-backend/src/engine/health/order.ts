import type { HealthStatus } from '@backstage-gitops/plugin-gitops-node';

/**
 * gitops-engine's order, best to worst: Healthy < Suspended < Progressing < Missing <
 * Degraded < Unknown. Unknown ranks worst because nothing can be promised about it;
 * Suspended ranks just above Healthy because it is a deliberate state, not a failure.
 */
export const HEALTH_ORDER: readonly HealthStatus[] = [
  'Healthy',
  'Suspended',
  'Progressing',
  'Missing',
  'Degraded',
  'Unknown',
];

export function isWorse(a: HealthStatus, b: HealthStatus): boolean {
  return HEALTH_ORDER.indexOf(a) > HEALTH_ORDER.indexOf(b);
}

/** The application's health: the worst of its resources' (Healthy when it has none). */
export function worstHealth(statuses: HealthStatus[]): HealthStatus {
  return statuses.reduce<HealthStatus>(
    (worst, s) => (isWorse(s, worst) ? s : worst),
    'Healthy',
  );
}
