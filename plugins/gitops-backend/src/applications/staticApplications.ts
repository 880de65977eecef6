import {
  ApplicationSpec,
  Impersonation,
} from '@backstage-gitops/plugin-gitops-common';
import { Config } from '@backstage/config';
import {
  checkImpersonation,
  serviceAccountIdentity,
} from '../engine/cluster/identity';
import {
  applicationsFromDescriptor,
  DescriptorError,
  parseDescriptor,
} from '@backstage-gitops/plugin-gitops-node';

/**
 * Platform applications declared in app-config (`gitops.applications`), for components that have
 * no catalog entity of their own. Each entry is one environment in the descriptor's format plus the
 * repository: `{ name, repoUrl, ref?, path, cluster, namespace, ... }`, and the identity the
 * platform gives it (`impersonate`), which a descriptor in Git can never set.
 */
export function readStaticApplications(config: Config): ApplicationSpec[] {
  return (config.getOptionalConfigArray('gitops.applications') ?? []).flatMap(
    (entry, index) => {
      const { repoUrl, ref, impersonate, ...environment } =
        entry.get<Record<string, any>>();
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
        ...(impersonate === undefined
          ? {}
          : {
              impersonate: readImpersonation(
                impersonate,
                `gitops.applications[${index}].impersonate`,
              ),
            }),
      }));
    },
  );
}

/** `{ serviceAccount: <namespace>/<name> }` or `{ user, groups? }`, never both. */
function readImpersonation(value: unknown, where: string): Impersonation {
  const fail = (message: string): never => {
    throw new DescriptorError(`${where}: ${message}`);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return fail('must be { serviceAccount } or { user, groups }');
  const { serviceAccount, ...rest } = value as Record<string, unknown>;
  if (serviceAccount === undefined) {
    try {
      return checkImpersonation(rest);
    } catch (error) {
      return fail((error as Error).message);
    }
  }
  if (Object.keys(rest).length > 0)
    return fail('serviceAccount cannot be combined with user or groups');
  const [namespace, name, ...more] =
    typeof serviceAccount === 'string' ? serviceAccount.split('/') : [];
  if (!namespace || !name || more.length > 0)
    return fail('serviceAccount must be <namespace>/<name>');
  try {
    return serviceAccountIdentity(namespace, name);
  } catch (error) {
    return fail((error as Error).message);
  }
}
