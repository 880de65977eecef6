import { ApplicationSpec } from '@backstage-gitops/plugin-gitops-common';
import { Config } from '@backstage/config';
import {
  applicationsFromDescriptor,
  DescriptorError,
  parseDescriptor,
} from '@backstage-gitops/plugin-gitops-node';

/**
 * Platform applications declared in app-config (`gitops.applications`), for components that have
 * no catalog entity of their own. Each entry is one environment in the descriptor's format plus the
 * repository: `{ name, repoUrl, ref?, path, cluster, namespace, ... }`.
 */
export function readStaticApplications(config: Config): ApplicationSpec[] {
  return (config.getOptionalConfigArray('gitops.applications') ?? []).flatMap(
    (entry, index) => {
      const { repoUrl, ref, ...environment } = entry.get<Record<string, any>>();
      if (typeof repoUrl !== 'string')
        throw new DescriptorError(
          `gitops.applications[${index}].repoUrl is required`,
        );
      const descriptor = parseDescriptor(
        JSON.stringify({
          apiVersion: 'gitops.backstage.io/v1alpha1',
          kind: 'Environments',
          environments: [environment],
        }),
        `app-config gitops.applications[${index}]`,
      );
      return applicationsFromDescriptor(descriptor, {
        entityRef: '',
        repoUrl,
        ref: ref ?? 'main',
        basePath: '.',
      }).map(spec => ({
        ...spec,
        id: `config:${spec.environment}`,
        entityRef: undefined,
        origin: 'config' as const,
      }));
    },
  );
}
