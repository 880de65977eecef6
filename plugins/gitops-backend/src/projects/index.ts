import { ApplicationSpec } from '@backstage-gitops/plugin-gitops-common';
import { Config } from '@backstage/config';
import type { KindPolicy } from '@backstage-gitops/plugin-gitops-node';
import {
  admitApplication,
  projectLabel,
  recheckApplication,
  repositoryProblems,
} from './admission';
import { MemberEntity, projectForEntity } from './membership';
import { DEFAULT_PROJECT_RULES, readProjects } from './readProjects';
import {
  Admission,
  DEFAULT_PROJECT,
  Project,
  RequestedApplication,
} from './types';

export { ProjectConfigError } from './readProjects';
export { repositoryMatches } from './patterns';
export { DEFAULT_PROJECT } from './types';
export type { Admission, Project, RequestedApplication } from './types';

/** An application its project refuses; the message names the environment, the ask and the project. */
export class ProjectRefusal extends Error {
  name = 'ProjectRefusal';
  constructor(
    readonly project: string,
    readonly problems: string[],
    prefix = '',
  ) {
    super(`${prefix}${problems.join('; ')}`);
  }
}

/**
 * The platform's projects (`gitops.projects`) and the built-in default project: which one an
 * entity belongs to, what it makes of an application, and the kinds it lets the engine write.
 */
export class Projects {
  static fromConfig(config: Config): Projects {
    return new Projects(readProjects(config));
  }

  constructor(readonly configured: Project[]) {}

  get defaultProject(): Project {
    return DEFAULT_PROJECT_RULES;
  }

  byName(name: string | undefined): Project | undefined {
    if (name === undefined || name === DEFAULT_PROJECT)
      return DEFAULT_PROJECT_RULES;
    return this.configured.find(p => p.name === name);
  }

  forEntity(entity: MemberEntity): Project {
    return projectForEntity(this.configured, entity);
  }

  admit(project: Project, requested: RequestedApplication): Admission {
    return admitApplication(this.configured, project, requested);
  }

  /** Refuses, before anything is fetched, a repository that is not the project's to read. */
  checkRepository(project: Project, repoUrl: string, subject: string): void {
    const problems = repositoryProblems(
      this.configured,
      project,
      repoUrl,
      subject,
    );
    if (problems.length > 0) throw new ProjectRefusal(project.name, problems);
  }

  /** How messages name a project: `project 'shop'`, or `the default project`. */
  label(project: Project): string {
    return projectLabel(project);
  }

  /** Admits every application or none: the refusal lists every problem of every environment. */
  admitAll(
    project: Project,
    requested: RequestedApplication[],
  ): ApplicationSpec[] {
    const admissions = requested.map(r => this.admit(project, r));
    const problems = admissions.flatMap(a => (a.admitted ? [] : a.problems));
    if (problems.length > 0) throw new ProjectRefusal(project.name, problems);
    return admissions.map(a => (a.admitted ? a.spec : undefined!));
  }

  /** Admits applications that name their project (app-config, providers): a missing one is `default`. */
  admitNamed(requested: RequestedApplication): ApplicationSpec {
    const project = this.byName(requested.project);
    if (!project)
      throw new ProjectRefusal(requested.project!, [
        `environment '${requested.environment}' names project '${requested.project}', which is not configured (gitops.projects)`,
      ]);
    return this.admitAll(project, [requested])[0];
  }

  /**
   * The kinds a stored application may write, checked against its project as configured now;
   * throws a ProjectRefusal when the project no longer admits it.
   */
  kindPolicyFor(spec: ApplicationSpec): KindPolicy {
    const result = recheckApplication(
      this.configured,
      DEFAULT_PROJECT_RULES,
      spec,
    );
    if ('problems' in result)
      throw new ProjectRefusal(
        spec.project,
        result.problems,
        'Not synced: its project no longer admits this application: ',
      );
    return result.kinds;
  }
}
