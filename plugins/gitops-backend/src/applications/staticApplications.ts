import { ApplicationSpec } from '@backstage-gitops/plugin-gitops-common';
import { Config } from '@backstage/config';
import { ProjectRefusal, Projects } from '../projects';
import {
  applicationsFromDescriptor,
  DescriptorError,
  parseDescriptor,
} from '@backstage-gitops/plugin-gitops-node';

/**
 * Platform applications declared in app-config (`gitops.applications`), for components that have
 * no catalog entity of their own. Each entry is one environment in the descriptor's format plus the
 * repository and the project that admits it: `{ name, repoUrl, ref?, project?, path, cluster,
 * namespace, ... }` (no `project`: the default project). An entry its project refuses stops the
 * backend at startup, naming the entry.
 */
export function readStaticApplications(
  config: Config,
  projects: Projects,
): ApplicationSpec[] {
  return (config.getOptionalConfigArray('gitops.applications') ?? []).flatMap(
    (entry, index) => {
      const where = `app-config gitops.applications[${index}]`;
      const { repoUrl, ref, project, ...environment } =
        entry.get<Record<string, any>>();
      if (typeof repoUrl !== 'string')
        throw new DescriptorError(
          `gitops.applications[${index}].repoUrl is required`,
        );
      if (project !== undefined && typeof project !== 'string')
        throw new DescriptorError(
          `gitops.applications[${index}].project must be a project name`,
        );
      const descriptor = parseDescriptor(
        JSON.stringify({
          apiVersion: 'gitops.backstage.io/v1alpha1',
          kind: 'Environments',
          environments: [environment],
        }),
        where,
      );
      return applicationsFromDescriptor(descriptor, {
        entityRef: '',
        repoUrl,
        ref: ref ?? 'main',
        basePath: '.',
      }).map(spec => {
        try {
          return projects.admitNamed({
            ...spec,
            id: `config:${spec.environment}`,
            entityRef: undefined,
            origin: 'config' as const,
            project,
          });
        } catch (error) {
          if (error instanceof ProjectRefusal)
            throw new DescriptorError(`${where}: ${error.message}`);
          throw error;
        }
      });
    },
  );
}
