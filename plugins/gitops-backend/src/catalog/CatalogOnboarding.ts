import {
  DESCRIPTOR_FILE,
  GITOPS_ANNOTATIONS,
} from '@backstage-gitops/plugin-gitops-common';
import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
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
 * removes the applications. Removing an application deletes no cluster object. A bad annotation
 * or descriptor becomes an onboarding error shown on the entity and keeps the last good apps.
 */
export class CatalogOnboarding {
  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      store: GitOpsStore;
      source: GitRepositoryCache;
      integrations: ScmIntegrationRegistry;
      logger: LoggerService;
    },
  ) {}

  async refresh(): Promise<OnboardingSummary> {
    const { catalog, auth, store, logger } = this.options;
    const { items } = await catalog.getEntities(
      {
        filter: {
          [`metadata.annotations.${GITOPS_ANNOTATIONS.configRepo}`]:
            CATALOG_FILTER_EXISTS,
        },
        fields: ['kind', 'metadata', 'spec.owner'],
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
    const seen = new Set<string>();
    for (const entity of items) {
      const entityRef = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
      seen.add(entityRef);
      try {
        const specs = await this.applicationsFor(entity, entityRef);
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
        const message = error instanceof Error ? error.message : String(error);
        logger.warn(`Cannot onboard ${entityRef}: ${message}`, { entityRef });
        await store.setOnboardingError(entityRef, message);
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

  private async applicationsFor(entity: Entity, entityRef: string) {
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
    return applicationsFromDescriptor(descriptor, {
      entityRef,
      repoUrl,
      ref,
      basePath,
      environments,
    });
  }
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
