import { ApplicationSpec } from '@backstage-gitops/plugin-gitops-common';
import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { HealthCheck } from './engine/health';

/** Extra health checks per kind (`group/Kind`, bare Kind for the core group). @public */
export interface GitOpsHealthChecksExtensionPoint {
  /** Adds the check of `groupKind`: it runs before the built-in check of that kind and returns undefined to defer to it; a later check for the same kind replaces it. */
  addHealthCheck(groupKind: string, check: HealthCheck): void;
}
/** Extension point through which modules add health checks of their own. @public */
export const gitopsHealthChecksExtensionPoint =
  createExtensionPoint<GitOpsHealthChecksExtensionPoint>({
    id: 'gitops.health-checks',
  });

/**
 * A source of applications besides the catalog and app-config (e.g. another inventory). Each
 * application is admitted by the project it names (`gitops.projects`; none: the default project)
 * like a descriptor's environment; the project sets its cluster identity. @public
 */
export interface GitOpsApplicationProvider {
  /** A stable name: the provider's applications replace each other as a set. */
  name: string;
  /** The provider's applications now; called on every onboarding run (`gitops.onboarding.frequencySeconds`). */
  getApplications(): Promise<
    Array<
      Omit<ApplicationSpec, 'project' | 'impersonate'> & { project?: string }
    >
  >;
}
/** Registers application providers. @public */
export interface GitOpsApplicationProvidersExtensionPoint {
  /** Adds a source of applications. */
  addApplicationProvider(provider: GitOpsApplicationProvider): void;
}
/** Extension point through which modules add application providers. @public */
export const gitopsApplicationProvidersExtensionPoint =
  createExtensionPoint<GitOpsApplicationProvidersExtensionPoint>({
    id: 'gitops.application-providers',
  });
