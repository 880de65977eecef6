/*
 * The GitOps backend's own stages, re-exported in one place: a repository this module writes is
 * checked by exactly the code that will later onboard and sync it (one descriptor schema, one
 * renderer, one validator, one credentials lookup), never by a copy that could drift.
 *
 * They belong in a library package both plugins depend on (a module should not import a plugin
 * package); until the stages move there they are imported from the backend package by path, and
 * only this file changes when they do.
 */
/* eslint-disable @backstage/no-forbidden-package-imports, @backstage/no-mixed-plugin-imports */
export {
  parseDescriptor,
  DescriptorError,
} from '@backstage-gitops/plugin-gitops-backend/src/applications/descriptor';
export type { RepositoryDescriptor } from '@backstage-gitops/plugin-gitops-backend/src/applications/descriptor';
export {
  renderManifests,
  RenderError,
} from '@backstage-gitops/plugin-gitops-backend/src/engine/render';
export {
  validateObjects,
  ValidationError,
} from '@backstage-gitops/plugin-gitops-backend/src/engine/validate';
export type { ScopeLookup } from '@backstage-gitops/plugin-gitops-backend/src/engine/validate';
export {
  configuredIntegrations,
  integrationFor,
  credentialsFor,
} from '@backstage-gitops/plugin-gitops-backend/src/engine/source/credentials';
export type { GitCredentials } from '@backstage-gitops/plugin-gitops-backend/src/engine/source/credentials';
export { createGitHttpClient } from '@backstage-gitops/plugin-gitops-backend/src/engine/source/gitHttpClient';
/* eslint-enable @backstage/no-forbidden-package-imports, @backstage/no-mixed-plugin-imports */
