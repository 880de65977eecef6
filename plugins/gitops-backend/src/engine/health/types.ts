import type {
  HealthStatus,
  KubeObject,
} from '@backstage-gitops/plugin-gitops-node';

/** What a health check found for one object. @public */
export interface HealthResult {
  /** The object's health. */
  status: HealthStatus;
  /** Why, in words a developer understands (empty when there is nothing to say). */
  message: string;
}

/**
 * Health of one kind of object. Return undefined to defer to the built-in check
 * (or the generic `Ready`-condition rule) for this object.
 * @public
 */
export type HealthCheck = (obj: KubeObject) => HealthResult | undefined;

export const healthy = (message = ''): HealthResult => ({
  status: 'Healthy',
  message,
});
export const progressing = (message: string): HealthResult => ({
  status: 'Progressing',
  message,
});
export const degraded = (message: string): HealthResult => ({
  status: 'Degraded',
  message,
});
export const suspended = (message: string): HealthResult => ({
  status: 'Suspended',
  message,
});
