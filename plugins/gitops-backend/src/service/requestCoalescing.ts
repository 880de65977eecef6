import { ReconcileRequest } from '../database/types';

/** What to do with a new sync or refresh request, given the one already queued or running. */
export type Coalesced =
  | { kind: 'queue' }
  | { kind: 'join'; request: ReconcileRequest }
  | { kind: 'conflict'; request: ReconcileRequest };

function sameTarget(a: ReconcileRequest, b: ReconcileRequest): boolean {
  const resources = (r: ReconcileRequest) =>
    JSON.stringify(r.resources?.length ? r.resources : []);
  return a.revision === b.revision && resources(a) === resources(b);
}

/**
 * One application has at most one queued request, and callers asking for what it already does
 * join it instead of queueing another sync (200 clicks on "Sync" make one sync, one history row).
 *
 * - nothing pending: queue the new request;
 * - a sync pending or running: a refresh joins it (a sync reads Git too); a sync of the same
 *   revision and resources joins it; a sync of something else is a conflict, never a silent swap;
 * - a refresh pending or running: a refresh joins it; a sync replaces it (it does more).
 */
export function coalesce(
  pending: ReconcileRequest | undefined,
  incoming: ReconcileRequest,
): Coalesced {
  if (!pending) return { kind: 'queue' };
  if (pending.sync) {
    if (!incoming.sync || sameTarget(pending, incoming))
      return { kind: 'join', request: pending };
    return { kind: 'conflict', request: pending };
  }
  return incoming.sync ? { kind: 'queue' } : { kind: 'join', request: pending };
}
