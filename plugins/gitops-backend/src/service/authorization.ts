import { gitopsReadPermission } from '@backstage-gitops/plugin-gitops-common';
import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { GitOpsService, unknownApplicationMessage } from './GitOpsService';

type EntityPermission = ResourcePermission<'catalog-entity'>;

/**
 * The answer to a caller who may not read an application: the very 404 an unknown id gets, so
 * the answer never tells which applications exist. `reason` is for the audit log only.
 */
export class HiddenApplicationError extends NotFoundError {
  constructor(applicationId: string, readonly reason: string) {
    super(unknownApplicationMessage(applicationId));
  }
}

/**
 * Checks a GitOps permission for one application, as a resource permission on the catalog entity
 * that owns it, so policies such as "is entity owner" apply. Every check includes read, in the
 * same batch: a caller who may not read the application gets the 404 of an unknown id
 * (HiddenApplicationError); one who may read it but not do this gets 403 (NotAllowedError).
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
  const asked =
    permission.name === gitopsReadPermission.name
      ? [gitopsReadPermission]
      : [gitopsReadPermission, permission];
  const decisions = entityRef
    ? await deps.permissions.authorize(
        asked.map(p => ({ permission: p, resourceRef: entityRef })),
        { credentials },
      )
    : await deps.permissions.authorizeConditional(
        asked.map(p => ({ permission: p })),
        { credentials },
      );
  const subject = entityRef ?? `${applicationId} (no catalog entity)`;
  for (const [index, asking] of asked.entries()) {
    if (decisions[index]?.result === AuthorizeResult.ALLOW) continue;
    const reason = `Not allowed: ${asking.name} on ${subject}`;
    if (asking === gitopsReadPermission)
      throw new HiddenApplicationError(applicationId, reason);
    throw new NotAllowedError(reason);
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
