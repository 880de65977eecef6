export { assessHealth, createHealthRegistry } from './registry';
export type { HealthRegistry } from './registry';
export { worstHealth, isWorse, HEALTH_ORDER } from './order';
export type { HealthCheck, HealthResult } from './types';
