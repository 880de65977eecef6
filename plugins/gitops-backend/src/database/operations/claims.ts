import { Knex } from 'knex';
import { parseJson, toJson } from '../conversions';
import {
  ApplicationRecord,
  ApplicationState,
  ReconcileRequest,
} from '../types';
import { APPLICATIONS, rowToRecord, stateColumns } from './applicationRows';

const unclaimedAt = (now: Date) => (q: Knex.QueryBuilder) =>
  q.whereNull('claimed_by').orWhere('claim_expires_at', '<', now);

/** Applications a replica would claim now: due, not claimed (or the lease expired), not suspended unless asked. */
function dueUnclaimed(knex: Knex, now: Date) {
  return knex(APPLICATIONS)
    .where('next_reconcile_at', '<=', now)
    .andWhere(unclaimedAt(now))
    .andWhere(q => q.where('suspended', false).orWhereNotNull('request'));
}

/** How many applications wait for a replica (the queue-depth metric). */
export async function countDueApplications(
  knex: Knex,
  now: Date,
): Promise<number> {
  const [row] = await dueUnclaimed(knex, now).count({ count: '*' });
  return Number(row?.count ?? 0);
}

/**
 * Claims up to `limit` due applications for this replica. A claim is a conditional update on the
 * lease columns, so two replicas racing for one application cannot both win; an expired lease (a
 * replica that died) is claimable again. Requests (user, webhook) jump the queue.
 */
export async function claimDueApplications(
  knex: Knex,
  options: { replica: string; limit: number; leaseMs: number; now: Date },
): Promise<Array<ApplicationRecord & { staleClaimBy?: string }>> {
  const { replica, limit, leaseMs, now } = options;
  if (limit <= 0) return [];
  const unclaimed = unclaimedAt(now);
  const candidates = await dueUnclaimed(knex, now)
    .select('id', 'claimed_by')
    .orderByRaw('CASE WHEN request IS NULL THEN 1 ELSE 0 END')
    .orderBy('next_reconcile_at', 'asc')
    .limit(limit * 2);
  const claimed: Array<ApplicationRecord & { staleClaimBy?: string }> = [];
  for (const candidate of candidates) {
    if (claimed.length >= limit) break;
    const won = await knex(APPLICATIONS)
      .where('id', candidate.id)
      .andWhere(unclaimed)
      .update({
        claimed_by: replica,
        claim_expires_at: new Date(now.getTime() + leaseMs),
      });
    if (won === 1) {
      const row = await knex(APPLICATIONS).where('id', candidate.id).first();
      if (row)
        claimed.push({
          ...rowToRecord(row),
          staleClaimBy: candidate.claimed_by ?? undefined,
        });
    }
  }
  return claimed;
}

/** Extends the leases this replica holds; returns how many it still holds. */
export async function heartbeat(
  knex: Knex,
  options: { replica: string; ids: string[]; leaseMs: number; now: Date },
): Promise<number> {
  if (options.ids.length === 0) return 0;
  return knex(APPLICATIONS)
    .where('claimed_by', options.replica)
    .whereIn('id', options.ids)
    .update({
      claim_expires_at: new Date(options.now.getTime() + options.leaseMs),
    });
}

export interface ReleaseUpdate {
  nextReconcileAt: Date;
  failureCount: number;
  state?: ApplicationState;
  /** The request this reconcile served; cleared only if no newer one arrived meanwhile. */
  servedRequest?: ReconcileRequest;
  synced?: { revision: string; specHash: string };
  lastSync?: { id: string; at: Date; durationMs: number; result: string };
  reconciledAt: Date;
}

/** Gives the claim back with the reconcile's outcome. No-op when the lease was lost meanwhile. */
export async function releaseApplication(
  knex: Knex,
  id: string,
  replica: string,
  update: ReleaseUpdate,
): Promise<boolean> {
  return knex.transaction(async tx => {
    const row = await tx(APPLICATIONS)
      .where({ id, claimed_by: replica })
      .first('request');
    if (!row) return false;
    const columns: Record<string, unknown> = {
      claimed_by: null,
      claim_expires_at: null,
      next_reconcile_at: update.nextReconcileAt,
      failure_count: update.failureCount,
      last_reconciled_at: update.reconciledAt,
      updated_at: update.reconciledAt,
      ...(update.state ? stateColumns(update.state) : {}),
    };
    if (
      update.servedRequest &&
      row.request === JSON.stringify(update.servedRequest)
    )
      columns.request = null;
    else if (row.request) columns.next_reconcile_at = update.reconciledAt; // a newer request is waiting
    if (update.synced) {
      columns.synced_revision = update.synced.revision;
      columns.synced_spec_hash = update.synced.specHash;
    }
    if (update.lastSync) {
      columns.last_sync_id = update.lastSync.id;
      columns.last_sync_at = update.lastSync.at;
      columns.last_sync_duration_ms = update.lastSync.durationMs;
      columns.last_sync_result = update.lastSync.result;
    }
    await tx(APPLICATIONS).where({ id, claimed_by: replica }).update(columns);
    // no sync of this application may stay Running once its claim is given back: the one this
    // reconcile ran gets its result (its own write may have failed), any other was interrupted
    const running = tx('gitops_sync_history').where({
      application_id: id,
      result: 'Running',
    });
    if (update.lastSync) {
      await running.clone().where('id', update.lastSync.id).update({
        result: update.lastSync.result,
        finished_at: update.reconciledAt,
      });
    }
    await running.clone().update({
      result: 'Interrupted',
      finished_at: update.reconciledAt,
      error: 'The sync ended without recording its outcome',
    });
    return true;
  });
}

/** Queues a request and makes the application due now. Returns false for an unknown application. */
export async function requestReconcile(
  knex: Knex,
  id: string,
  request: ReconcileRequest,
): Promise<boolean> {
  const updated = await knex(APPLICATIONS)
    .where('id', id)
    .update({
      request: toJson(request),
      next_reconcile_at: new Date(request.requestedAt),
    });
  return updated > 0;
}

/** Compare-and-set attempts before a request is given up as contended. */
const REQUEST_UPDATE_ATTEMPTS = 20;

/**
 * Compare-and-set of an application's queued request. `decide` sees the request queued (or being
 * served) now and returns the one to store, or undefined to keep it; it may throw to refuse. The
 * update only lands while the stored request is still the one `decide` saw, so concurrent callers
 * cannot both queue one: the loser reads again and decides again (usually: join the winner's).
 * Undefined for an unknown application.
 */
export async function updateRequest(
  knex: Knex,
  id: string,
  decide: (
    current: ReconcileRequest | undefined,
  ) => ReconcileRequest | undefined,
): Promise<{ request?: ReconcileRequest; written: boolean } | undefined> {
  for (let attempt = 0; attempt < REQUEST_UPDATE_ATTEMPTS; attempt++) {
    const row = await knex(APPLICATIONS).where('id', id).first('request');
    if (!row) return undefined;
    const current = parseJson<ReconcileRequest>(row.request);
    const next = decide(current);
    if (!next) return { request: current, written: false };
    const seen = knex(APPLICATIONS).where('id', id);
    if (row.request === null || row.request === undefined)
      seen.whereNull('request');
    else seen.where('request', row.request);
    const updated = await seen.update({
      request: toJson(next),
      next_reconcile_at: new Date(next.requestedAt),
    });
    if (updated === 1) return { request: next, written: true };
  }
  throw new Error(
    `The request queue of '${id}' changed ${REQUEST_UPDATE_ATTEMPTS} times while queueing; try again`,
  );
}

export async function saveNotifiedState(
  knex: Knex,
  id: string,
  notifiedState: string | null,
): Promise<void> {
  await knex(APPLICATIONS)
    .where('id', id)
    .update({ notified_state: notifiedState });
}
