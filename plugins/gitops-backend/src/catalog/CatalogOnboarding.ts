import {
  DESCRIPTOR_FILE,
  GITOPS_ANNOTATIONS,
} from '@backstage-gitops/plugin-gitops-common';
import {
  AuditorService,
  AuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { CatalogService } from '@backstage/plugin-catalog-node';
import fs from 'node:fs';
import path from 'node:path';
import {
  applicationsFromDescriptor,
  DescriptorError,
  parseDescriptor,
} from '@backstage-gitops/plugin-gitops-node';
import { GitOpsStore } from '../database/GitOpsStore';
import { integrationFor } from '@backstage-gitops/plugin-gitops-node';
import { GitRepositoryCache } from '../engine/source/gitRepositoryCache';
import { GitOpsApplicationProvider } from '../extensions';
import { Project, ProjectRefusal, Projects } from '../projects';

export interface OnboardingSummary {
  entities: number;
  added: number;
  changed: number;
  removed: number;
  errors: number;
}

/**
 * Turns annotated catalog entities into applications: each entity's config repository declares its
 * environments in a descriptor; adding, changing or removing the annotation adds, changes or
 * removes the applications. Removing an application deletes no cluster object.
 *
 * The entity's project (the platform's `gitops.projects`) decides what the descriptor may ask
 * for: a repository the project may not read is refused before it is fetched, an environment the
 * project refuses refuses the whole entity. A refusal, a bad annotation or a bad descriptor
 * becomes an onboarding error shown on the entity, is audited once per distinct reason, and
 * leaves the entity's applications as they were (their last admitted specs: a descriptor asking
 * for more never reaches the engine).
 */
export class CatalogOnboarding {
  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      store: GitOpsStore;
      source: GitRepositoryCache;
      integrations: ScmIntegrationRegistry;
      projects: Projects;
      auditor: AuditorService;
      logger: LoggerService;
    },
  ) {}

  /** Refusals of provider applications already audited, so a pass every few seconds audits each once. */
  private readonly auditedProviderRefusals = new Map<string, string>();

  async refresh(): Promise<OnboardingSummary> {
    const { catalog, auth, store, logger } = this.options;
    const { items } = await catalog.getEntities(
      {
        filter: {
          [`metadata.annotations.${GITOPS_ANNOTATIONS.configRepo}`]:
            CATALOG_FILTER_EXISTS,
        },
        fields: ['kind', 'metadata', 'spec.owner', 'spec.system'],
      },
      { credentials: await auth.getOwnServiceCredentials() },
    );
    const summary: OnboardingSummary = {
      entities: items.length,
      added: 0,
      changed: 0,
      removed: 0,
      errors: 0,
    };
    const previousErrors = new Map(
      (await store.listOnboardingErrors()).map(e => [e.entityRef, e.message]),
    );
    const seen = new Set<string>();
    for (const entity of items) {
      const entityRef = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
      seen.add(entityRef);
      const project = this.options.projects.forEntity(entity);
      try {
        const specs = await this.applicationsFor(entity, entityRef, project);
        const result = await store.replaceApplications(
          { origin: 'catalog', entityRef },
          specs.map(spec => ({ spec, owner: ownerRef(entity) })),
        );
        summary.added += result.added.length;
        summary.changed += result.changed.length;
        summary.removed += result.removed.length;
        await store.setOnboardingError(entityRef, undefined);
      } catch (error) {
        summary.errors++;
        const message = this.describe(error, project);
        logger.warn(`Cannot onboard ${entityRef}: ${message}`, { entityRef });
        await store.setOnboardingError(entityRef, message);
        if (isRefusal(error) && previousErrors.get(entityRef) !== message)
          await this.auditRefusal({
            entityRef,
            project: project.name,
            reason: message,
          });
      }
    }
    for (const entityRef of await store.listEntityRefs()) {
      if (seen.has(entityRef)) continue;
      summary.removed += (
        await store.replaceApplications({ origin: 'catalog', entityRef }, [])
      ).removed.length;
      await store.setOnboardingError(entityRef, undefined);
    }
    return summary;
  }

  /**
   * The applications of an application provider, each admitted by the project it names (none:
   * the default project); a refused one is left out, logged and audited.
   */
  async refreshProvider(provider: GitOpsApplicationProvider) {
    const { projects, store, logger } = this.options;
    const admitted = [];
    for (const requested of await provider.getApplications()) {
      const key = `${provider.name}|${requested.id}`;
      try {
        admitted.push({ spec: projects.admitNamed(requested) });
        this.auditedProviderRefusals.delete(key);
      } catch (error) {
        if (!(error instanceof ProjectRefusal)) throw error;
        logger.warn(
          `Application ${requested.id} of provider ${provider.name} refused: ${error.message}`,
        );
        if (this.auditedProviderRefusals.get(key) === error.message) continue;
        this.auditedProviderRefusals.set(key, error.message);
        await this.auditRefusal({
          entityRef: `provider:${provider.name}`,
          applicationId: requested.id,
          project: error.project,
          reason: error.message,
        });
      }
    }
    return store.replaceApplications(
      { origin: 'catalog', entityRef: `provider:${provider.name}` },
      admitted,
    );
  }

  /** The entity's onboarding error: a refusal by the default project says why that project applies. */
  private describe(error: unknown, project: Project): string {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof ProjectRefusal && project.builtIn)
      return `No project in gitops.projects claims this entity, so the default project applies: ${message}`;
    return message;
  }

  private async auditRefusal(meta: {
    entityRef: string;
    project: string;
    reason: string;
    applicationId?: string;
  }) {
    const event = await this.options.auditor.createEvent({
      eventId: 'application-onboarding',
      severityLevel: 'medium',
      meta: { ...meta, action: 'refuse' },
    });
    const error = new Error(meta.reason);
    error.stack = undefined; // a refusal, not a fault of the code: no stack trace in the audit log
    await event.fail({ error });
  }

  private async applicationsFor(
    entity: Entity,
    entityRef: string,
    project: Project,
  ) {
    const annotations = entity.metadata.annotations ?? {};
    const repoUrl = annotations[GITOPS_ANNOTATIONS.configRepo]?.trim();
    const ref = annotations[GITOPS_ANNOTATIONS.configRef]?.trim() || 'main';
    const basePath = annotations[GITOPS_ANNOTATIONS.configPath]?.trim() || '.';
    const environments = annotations[GITOPS_ANNOTATIONS.environments]
      ?.split(',')
      .map(e => e.trim())
      .filter(Boolean);
    if (!repoUrl)
      throw new DescriptorError(
        `Annotation ${GITOPS_ANNOTATIONS.configRepo} is empty`,
      );
    integrationFor(this.options.integrations, repoUrl);
    this.options.projects.checkRepository(
      project,
      repoUrl,
      `the entity's ${GITOPS_ANNOTATIONS.configRepo} names`,
    );
    if (basePath.startsWith('/') || basePath.split(/[\\/]/).includes('..')) {
      throw new DescriptorError(
        `Annotation ${GITOPS_ANNOTATIONS.configPath} must be a relative path inside the repository`,
      );
    }
    const revision = await this.options.source.resolveRevision(repoUrl, ref);
    const checkout = await this.options.source.checkout(repoUrl, ref, revision);
    const file = path.join(checkout.dir, basePath, DESCRIPTOR_FILE);
    const real = await fs.promises.realpath(file).catch(() => undefined);
    if (!real)
      throw new DescriptorError(
        `${path.posix.join(
          basePath,
          DESCRIPTOR_FILE,
        )} not found in ${repoUrl} at ${ref}`,
      );
    if (!real.startsWith(await fs.promises.realpath(checkout.dir)))
      throw new DescriptorError(
        `${DESCRIPTOR_FILE} points outside the repository`,
      );
    const stat = await fs.promises.stat(real);
    if (stat.size > 256 * 1024)
      throw new DescriptorError(`${DESCRIPTOR_FILE} is larger than 256 KiB`);
    const descriptor = parseDescriptor(
      await fs.promises.readFile(real, 'utf8'),
      path.posix.join(basePath, DESCRIPTOR_FILE),
    );
    return this.options.projects.admitAll(
      project,
      applicationsFromDescriptor(descriptor, {
        entityRef,
        repoUrl,
        ref,
        basePath,
        environments,
      }),
    );
  }
}

/** Errors that refuse the entity (not a transient failure to reach its repository). */
function isRefusal(error: unknown): boolean {
  return (
    error instanceof ProjectRefusal ||
    error instanceof DescriptorError ||
    error instanceof InputError
  );
}

function ownerRef(entity: Entity): string | undefined {
  const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  if (typeof owner !== 'string' || !owner) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return undefined;
  }
}
