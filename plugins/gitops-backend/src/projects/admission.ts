import { ApplicationSpec } from '@backstage-gitops/plugin-gitops-common';
import type { KindPolicy } from '@backstage-gitops/plugin-gitops-node';
import { matchesPatterns, repositoryMatches } from './patterns';
import { RESERVED_NAMESPACES } from './readProjects';
import {
  Admission,
  Project,
  ProjectDestination,
  RequestedApplication,
} from './types';

/** How messages name a project. */
export function projectLabel(project: Project): string {
  return project.builtIn ? 'the default project' : `project '${project.name}'`;
}

const isExclusion = (d: ProjectDestination) =>
  d.cluster.startsWith('!') || d.namespace.startsWith('!');
const strip = (p: string) => (p.startsWith('!') ? p.slice(1) : p);

/** Destinations allow a cluster when some destination without `!` names it. */
function allowsCluster(project: Project, cluster: string): boolean {
  return project.destinations.some(
    d => !isExclusion(d) && matchesPatterns([d.cluster], cluster),
  );
}

/**
 * Destinations allow a cluster and namespace when some destination without `!` matches both, and
 * no destination with `!` (in its cluster or namespace) does.
 */
export function allowsDestination(
  project: Project,
  cluster: string,
  namespace: string,
): boolean {
  const match = (d: ProjectDestination) =>
    matchesPatterns([strip(d.cluster)], cluster) &&
    matchesPatterns([strip(d.namespace)], namespace);
  return (
    project.destinations.some(d => !isExclusion(d) && match(d)) &&
    !project.destinations.some(d => isExclusion(d) && match(d))
  );
}

function namespacePatternsFor(project: Project, cluster: string): string {
  return project.destinations
    .filter(d => matchesPatterns([strip(d.cluster)], cluster))
    .map(d => d.namespace)
    .join(', ');
}

/**
 * Why a project may not read a repository: its `sourceRepos` do not match it, or (for the default
 * project) a configured project's do: a repository belongs to its project.
 */
export function repositoryProblems(
  configured: Project[],
  project: Project,
  repoUrl: string,
  subject: string,
): string[] {
  const label = projectLabel(project);
  if (!repositoryMatches(project.sourceRepos, repoUrl))
    return [
      `${subject} repository '${repoUrl}', which ${label} does not allow (allowed: ${project.sourceRepos.join(
        ', ',
      )})`,
    ];
  const owner = project.builtIn
    ? configured.find(p => repositoryMatches(p.sourceRepos, repoUrl))
    : undefined;
  return owner
    ? [
        `${subject} repository '${repoUrl}', which belongs to ${projectLabel(
          owner,
        )}: ${label} may not use it`,
      ]
    : [];
}

/**
 * What a project makes of an application asked for by a descriptor, app-config or a provider:
 * the descriptor can only narrow the project. Every problem is listed, each naming the
 * environment, what it asks for and what the project allows; an admitted application carries
 * the project's name and identity.
 */
export function admitApplication(
  configured: Project[],
  project: Project,
  requested: RequestedApplication,
): Admission {
  const problems: string[] = [];
  const subject = `environment '${requested.environment}'`;
  const label = projectLabel(project);
  const { repoUrl } = requested.source;
  const { cluster } = requested.destination;

  problems.push(
    ...repositoryProblems(configured, project, repoUrl, `${subject} reads`),
  );

  if (!allowsCluster(project, cluster)) {
    problems.push(
      `${subject} asks for cluster '${cluster}', which ${label} does not allow (allowed: ${
        [
          ...new Set(
            project.destinations
              .filter(d => !isExclusion(d))
              .map(d => d.cluster),
          ),
        ].join(', ') || 'none'
      })`,
    );
  } else {
    const namespaces = [
      ...new Set([
        requested.destination.namespace,
        ...requested.destination.allowedNamespaces,
      ]),
    ];
    for (const namespace of namespaces) {
      const asks = `${subject} asks for namespace '${namespace}'`;
      if (!allowsDestination(project, cluster, namespace)) {
        problems.push(
          `${asks}, which ${label} does not allow (allowed: ${namespacePatternsFor(
            project,
            cluster,
          )})`,
        );
        continue;
      }
      if (!project.builtIn) continue;
      if (matchesPatterns(RESERVED_NAMESPACES, namespace)) {
        problems.push(
          `${asks}, which ${label} may not use (reserved: ${RESERVED_NAMESPACES.join(
            ', ',
          )})`,
        );
        continue;
      }
      const owner = configured.find(p =>
        allowsDestination(p, cluster, namespace),
      );
      if (owner)
        problems.push(
          `${asks}, which belongs to ${projectLabel(
            owner,
          )}: ${label} may not use it`,
        );
    }
  }

  if (
    requested.destination.allowClusterScoped &&
    project.clusterResources.allow.length === 0
  )
    problems.push(
      `${subject} asks for cluster-scoped objects (allowClusterScoped), which ${label} does not allow (it allows no cluster-scoped kind)`,
    );

  for (const name of ['automated', 'selfHeal', 'prune'] as const) {
    if (requested.policy[name] && !project.syncPolicy[name])
      problems.push(
        `${subject} asks for policy.${name}, which ${label} does not allow (set ${name}: false)`,
      );
  }

  if (problems.length > 0) return { admitted: false, problems };
  const { impersonate: _requestedIdentity, ...rest } = requested;
  const spec: ApplicationSpec = { ...rest, project: project.name };
  if (project.impersonate)
    spec.impersonate = {
      user: project.impersonate.user,
      groups: [...project.impersonate.groups],
    };
  return { admitted: true, spec };
}

/** The kinds a project's applications may write, for the validate stage. */
export function kindPolicyOf(project: Project): KindPolicy {
  return {
    decidedBy: projectLabel(project),
    clusterScoped: project.clusterResources,
    namespaced: project.namespacedResources,
  };
}

function sameIdentity(
  a: ApplicationSpec['impersonate'],
  b: ApplicationSpec['impersonate'],
): boolean {
  if (!a || !b) return !a && !b;
  return (
    a.user === b.user &&
    a.groups.length === b.groups.length &&
    a.groups.every((g, i) => g === b.groups[i])
  );
}

/**
 * The check of a stored application against its project as configured now, before a reconcile
 * reads anything: a project the platform narrowed (or removed) since the application was admitted
 * stops it, instead of letting it keep rights it no longer has.
 */
export function recheckApplication(
  configured: Project[],
  defaultProject: Project,
  spec: ApplicationSpec,
): { kinds: KindPolicy } | { problems: string[] } {
  const project =
    spec.project === defaultProject.name
      ? defaultProject
      : configured.find(p => p.name === spec.project);
  if (!project)
    return {
      problems: [
        spec.project
          ? `project '${spec.project}' is not configured (gitops.projects)`
          : 'the application has no project yet; onboarding assigns one',
      ],
    };
  const admission = admitApplication(configured, project, spec);
  if (!admission.admitted) return { problems: admission.problems };
  if (!sameIdentity(spec.impersonate, project.impersonate))
    return {
      problems: [
        `${projectLabel(
          project,
        )} acts with another cluster identity since the application was admitted; onboarding updates it`,
      ],
    };
  return { kinds: kindPolicyOf(project) };
}
