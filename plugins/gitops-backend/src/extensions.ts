import { ApplicationSpec } from '@backstage-gitops/plugin-gitops-common';
import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { HealthCheck } from './engine/health';

/** Extra health checks per kind (`group/Kind`, bare Kind for the core group). @public */
export interface GitOpsHealthChecksExtensionPoint {
  addHealthCheck(groupKind: string, check: HealthCheck): void;
}
/** @public */
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
  getApplications(): Promise<
    Array<
      Omit<ApplicationSpec, 'project' | 'impersonate'> & { project?: string }
    >
  >;
}
/** @public */
export interface GitOpsApplicationProvidersExtensionPoint {
  addApplicationProvider(provider: GitOpsApplicationProvider): void;
}
/** @public */
export const gitopsApplicationProvidersExtensionPoint =
  createExtensionPoint<GitOpsApplicationProvidersExtensionPoint>({
    id: 'gitops.application-providers',
  });
