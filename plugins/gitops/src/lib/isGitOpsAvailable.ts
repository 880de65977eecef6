import type { Entity } from '@backstage/catalog-model';
import { GITOPS_ANNOTATIONS } from '@backstage-gitops/plugin-gitops-common';

/**
 * True when the entity, of any kind, names a GitOps config repository. Used as the filter of the
 * entity tab and card in both frontend systems.
 * @public
 */
export function isGitOpsAvailable(entity: Entity): boolean {
  return Boolean(
    entity.metadata.annotations?.[GITOPS_ANNOTATIONS.configRepo]?.trim(),
  );
}
