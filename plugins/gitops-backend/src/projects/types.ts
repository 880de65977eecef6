import type { ApplicationSpec } from '@backstage-gitops/plugin-gitops-common';
import type { KindRules } from '@backstage-gitops/plugin-gitops-node';

/** Name of the built-in project of entities no configured project claims. */
export const DEFAULT_PROJECT = 'default';

/** A cluster and namespace an application of the project may deploy to (glob patterns). */
export interface ProjectDestination {
  cluster: string;
  namespace: string;
}

/**
 * A project as the platform configures it (`gitops.projects`): which catalog entities belong to
 * it and what their applications may use. Config repositories can only narrow it.
 */
export interface Project {
  name: string;
  /** Catalog entities that belong: by owner group, system or catalog namespace (any of them). */
  members: {
    /** Full entity refs, lowercase: `group:default/team-shop`. */
    groups: string[];
    /** Full entity refs, lowercase: `system:default/shop`. */
    systems: string[];
    /** Catalog namespaces (`metadata.namespace`), lowercase. */
    namespaces: string[];
  };
  /** Repository URL globs the project's applications may read. */
  sourceRepos: string[];
  destinations: ProjectDestination[];
  clusterResources: KindRules;
  namespacedResources: KindRules;
  /** The sync policies descriptors may turn on. */
  syncPolicy: { automated: boolean; selfHeal: boolean; prune: boolean };
  /** Who the engine acts as in the target cluster for this project's applications. */
  impersonate?: NonNullable<ApplicationSpec['impersonate']>;
  /** Set on the built-in default project only. */
  builtIn?: true;
}

/** An application as a descriptor, app-config or a provider asks for it, before its project decides. */
export type RequestedApplication = Omit<
  ApplicationSpec,
  'project' | 'impersonate'
> &
  Partial<Pick<ApplicationSpec, 'project' | 'impersonate'>>;

/** What a project decided about one application: the spec to store, or why not. */
export type Admission =
  | { admitted: true; spec: ApplicationSpec }
  | { admitted: false; problems: string[] };
