import {
  AuditorService,
  BackstageCredentials,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import { Request } from 'express';
import { Actor } from './GitOpsService';

/** Who acts, for sync history: the user's entity ref, or the calling service's subject. */
export function actorOf(
  credentials: BackstageCredentials<
    BackstageUserPrincipal | BackstageServicePrincipal
  >,
): Actor {
  const principal = credentials.principal;
  return {
    ref:
      principal.type === 'user' ? principal.userEntityRef : principal.subject,
  };
}

/**
 * Runs one write action inside an audit event: `initiated` first, then `succeeded` or `failed`.
 * The permission check belongs inside `action`, so refused attempts are audited as failures.
 */
export async function audited<T>(
  auditor: AuditorService,
  event: { eventId: string; request: Request; meta: JsonObject },
  action: () => Promise<T>,
  successMeta?: (result: T) => JsonObject,
): Promise<T> {
  const auditEvent = await auditor.createEvent({
    eventId: event.eventId,
    severityLevel: 'medium',
    request: event.request,
    meta: event.meta,
  });
  let result: T;
  try {
    result = await action();
  } catch (error) {
    await auditEvent.fail({
      error: error instanceof Error ? error : new Error(String(error)),
    });
    throw error;
  }
  await auditEvent.success(
    successMeta ? { meta: successMeta(result) } : undefined,
  );
  return result;
}
