/**
 * GitOps for Backstage backend plugin: reconcile engine, store, REST API and catalog onboarding.
 *
 * @packageDocumentation
 */
export { gitopsPlugin as default } from './plugin';
export * from './extensions';
export type { HealthCheck, HealthResult } from './engine/health';
