import { createPermission } from '@backstage/plugin-permission-common';
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';

/**
 * GitOps permissions are resource permissions on catalog entities, so conditional policies such as
 * "is entity owner" apply to an application through the entity that owns it.
 * @public
 */
export const gitopsReadPermission = createPermission({
  name: 'gitops.application.read',
  attributes: { action: 'read' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});
/** Sync now, refresh. @public */
export const gitopsSyncPermission = createPermission({
  name: 'gitops.application.sync',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});
/** Suspend and resume automated reconciliation. @public */
export const gitopsSuspendPermission = createPermission({
  name: 'gitops.application.suspend',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});
/** Revert a history entry (pushes a revert commit) and pin/unpin a revision. @public */
export const gitopsRevertPermission = createPermission({
  name: 'gitops.application.revert',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_CATALOG_ENTITY,
});
/** Every GitOps permission; the backend registers them with the permissions registry. @public */
export const gitopsPermissions = [
  gitopsReadPermission,
  gitopsSyncPermission,
  gitopsSuspendPermission,
  gitopsRevertPermission,
];
