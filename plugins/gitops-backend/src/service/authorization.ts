import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { GitOpsService } from './GitOpsService';

type EntityPermission = ResourcePermission<'catalog-entity'>;

/**
 * Checks a GitOps permission for one application, as a resource permission on the catalog entity
 * that owns it, so policies such as "is entity owner" apply.
 *
 * Applications from static config have no entity. For them the policy is asked without a resource
 * (authorizeConditional, because plain `authorize` cannot carry a conditional answer for a resource
 * permission) and only an unconditional ALLOW passes: conditions about catalog entities can never
 * hold for an application that has none. Unknown ids fail with the service's NotFoundError (404).
 */
export async function authorizeApplication(
  deps: { service: GitOpsService; permissions: PermissionsService },
  permission: EntityPermission,
  applicationId: string,
  credentials: BackstageCredentials,
): Promise<void> {
  const entityRef = await deps.service.entityRefOf(applicationId);
  if (entityRef) {
    await authorizeEntity(deps.permissions, permission, entityRef, credentials);
    return;
  }
  const [decision] = await deps.permissions.authorizeConditional(
    [{ permission }],
    { credentials },
  );
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(
      `Not allowed: ${permission.name} on ${applicationId}`,
    );
  }
}

/** Checks a GitOps permission against one catalog entity. */
export async function authorizeEntity(
  permissions: PermissionsService,
  permission: EntityPermission,
  entityRef: string,
  credentials: BackstageCredentials,
): Promise<void> {
  const [decision] = await permissions.authorize(
    [{ permission, resourceRef: entityRef }],
    { credentials },
  );
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(
      `Not allowed: ${permission.name} on ${entityRef}`,
    );
  }
}

/**
 * The permission's decision for listing: 'all' (unconditional ALLOW), 'filtered' (CONDITIONAL —
 * only applications whose entity passes the conditions may be shown). DENY throws NotAllowedError.
 */
export async function listingDecision(
  permissions: PermissionsService,
  permission: EntityPermission,
  credentials: BackstageCredentials,
): Promise<'all' | 'filtered'> {
  const [decision] = await permissions.authorizeConditional([{ permission }], {
    credentials,
  });
  if (decision.result === AuthorizeResult.ALLOW) return 'all';
  if (decision.result === AuthorizeResult.CONDITIONAL) return 'filtered';
  throw new NotAllowedError(`Not allowed: ${permission.name}`);
}

/** The subset of `entityRefs` the permission allows, asked in one batch. */
export async function allowedEntityRefs(
  permissions: PermissionsService,
  permission: EntityPermission,
  entityRefs: Iterable<string>,
  credentials: BackstageCredentials,
): Promise<Set<string>> {
  const refs = [...new Set(entityRefs)];
  if (refs.length === 0) return new Set();
  const decisions = await permissions.authorize(
    refs.map(resourceRef => ({ permission, resourceRef })),
    { credentials },
  );
  return new Set(
    refs.filter(
      (_, index) => decisions[index]?.result === AuthorizeResult.ALLOW,
    ),
  );
}
