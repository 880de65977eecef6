import {
  AuditorService,
  BackstageCredentials,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import { Request } from 'express';
import { HiddenApplicationError } from './authorization';
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
 * Why the permission policy refused, when `error` is such a refusal: a 403, or the 404 a caller
 * gets for an application it may not read. Undefined for every other failure.
 */
export function denialReason(error: unknown): string | undefined {
  if (error instanceof HiddenApplicationError) return error.reason;
  if (error instanceof Error && error.name === 'NotAllowedError')
    return error.message;
  return undefined;
}

function failureOf(error: unknown): { error: Error; meta?: JsonObject } {
  const reason = denialReason(error);
  return {
    error: error instanceof Error ? error : new Error(String(error)),
    ...(reason ? { meta: { denied: true, reason } } : {}),
  };
}

/**
 * Runs one write action inside an audit event: `initiated` first, then `succeeded` or `failed`.
 * The permission check belongs inside `action`, so refused attempts are audited as failures; a
 * refusal by the policy carries `denied: true` and its reason (also when the caller saw a 404).
 * The auditor names the actor from the request's credentials.
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
    await auditEvent.fail(failureOf(error));
    throw error;
  }
  await auditEvent.success(
    successMeta ? { meta: successMeta(result) } : undefined,
  );
  return result;
}

/**
 * Runs a read's permission check; only a refusal is audited (low severity: reads are many, and
 * only a refused one says something about the caller). Any other error passes through unaudited.
 */
export async function auditedDenial<T>(
  auditor: AuditorService,
  event: { eventId: string; request: Request; meta: JsonObject },
  check: () => Promise<T>,
): Promise<T> {
  try {
    return await check();
  } catch (error) {
    if (denialReason(error) !== undefined) {
      const auditEvent = await auditor.createEvent({
        eventId: event.eventId,
        severityLevel: 'low',
        request: event.request,
        meta: event.meta,
      });
      await auditEvent.fail(failureOf(error));
    }
    throw error;
  }
}
