import { SyncRecord } from '@backstage-gitops/plugin-gitops-common';
import { Knex } from 'knex';
import { parseJson, toIso, toJson } from '../conversions';
import { InventoryItem } from '../types';
import { replaceInventory } from './inventory';

const HISTORY = 'gitops_sync_history';

export async function insertSync(
  knex: Knex,
  record: SyncRecord & { entityRef?: string; replica?: string },
): Promise<void> {
  await knex(HISTORY).insert({
    id: record.id,
    application_id: record.applicationId,
    entity_ref: record.entityRef?.toLocaleLowerCase('en-US') ?? null,
    revision: record.revision ?? null,
    commit: toJson(record.commit),
    trigger: record.trigger,
    triggered_by: record.triggeredBy ?? null,
    replica: record.replica ?? null,
    started_at: new Date(record.startedAt),
    finished_at: record.finishedAt ? new Date(record.finishedAt) : null,
    result: record.result,
    created: record.counts.created,
    updated: record.counts.updated,
    unchanged: record.counts.unchanged,
    pruned: record.counts.pruned,
    error: record.error ?? null,
    resources: toJson(record.resources),
  });
}

/** Only the replica still holding the application's claim may record its sync's outcome. */
export interface FinishGuard {
  applicationId: string;
  replica: string;
  /** Written with the outcome, in the same transaction. */
  inventory?: InventoryItem[];
}

/**
 * Writes the outcome of a Running sync; a row that already finished (e.g. Interrupted) is left
 * alone. With a guard, nothing is written unless the replica still holds the claim: a replica that
 * was taken over must not overwrite the newer owner's inventory.
 */
export async function finishSync(
  knex: Knex,
  id: string,
  outcome: Pick<
    SyncRecord,
    | 'result'
    | 'counts'
    | 'error'
    | 'resources'
    | 'finishedAt'
    | 'revision'
    | 'commit'
  >,
  guard?: FinishGuard,
): Promise<boolean> {
  if (!guard) return writeOutcome(knex, id, outcome);
  return knex.transaction(async tx => {
    const claim = tx('gitops_applications').where({
      id: guard.applicationId,
      claimed_by: guard.replica,
    });
    if (tx.client.config.client === 'pg') claim.forUpdate();
    if (!(await claim.first('id'))) return false;
    const written = await writeOutcome(tx, id, outcome);
    if (guard.inventory)
      await replaceInventory(tx, guard.applicationId, guard.inventory);
    return written;
  });
}

async function writeOutcome(
  knex: Knex,
  id: string,
  outcome: Pick<
    SyncRecord,
    | 'result'
    | 'counts'
    | 'error'
    | 'resources'
    | 'finishedAt'
    | 'revision'
    | 'commit'
  >,
): Promise<boolean> {
  const updated = await knex(HISTORY)
    .where({ id, result: 'Running' })
    .update({
      result: outcome.result,
      finished_at: new Date(outcome.finishedAt ?? Date.now()),
      created: outcome.counts.created,
      updated: outcome.counts.updated,
      unchanged: outcome.counts.unchanged,
      pruned: outcome.counts.pruned,
      error: outcome.error ?? null,
      resources: toJson(outcome.resources),
      revision: outcome.revision ?? null,
      commit: toJson(outcome.commit),
    });
  return updated > 0;
}

/** Marks an application's Running syncs Interrupted: called by whoever now holds its claim. */
export async function interruptRunningSyncs(
  knex: Knex,
  applicationId: string,
  now: Date,
): Promise<number> {
  return knex(HISTORY)
    .where({ application_id: applicationId, result: 'Running' })
    .update({
      result: 'Interrupted',
      finished_at: now,
      error: 'The replica running this sync stopped before it finished',
    });
}

function rowToSync(row: any): SyncRecord {
  return {
    id: row.id,
    applicationId: row.application_id,
    revision: row.revision ?? undefined,
    commit: parseJson(row.commit),
    trigger: row.trigger,
    triggeredBy: row.triggered_by ?? undefined,
    startedAt: toIso(row.started_at)!,
    finishedAt: toIso(row.finished_at),
    result: row.result,
    counts: {
      created: Number(row.created),
      updated: Number(row.updated),
      unchanged: Number(row.unchanged),
      pruned: Number(row.pruned),
    },
    error: row.error ?? undefined,
    resources: parseJson(row.resources),
  };
}

export async function getSync(
  knex: Knex,
  id: string,
): Promise<SyncRecord | undefined> {
  const row = await knex(HISTORY).where('id', id).first();
  return row ? rowToSync(row) : undefined;
}

/**
 * Counting every row of a years-long history is a scan per page view; past this many rows the
 * count stops, and the page says there are more (as code hosts show "10,000+").
 */
export const HISTORY_COUNT_LIMIT = 10_000;

/** Newest first; `by` selects one application's or one entity's history. */
export async function listHistory(
  knex: Knex,
  by: { applicationId: string } | { entityRef: string },
  page: { offset: number; limit: number },
  countLimit = HISTORY_COUNT_LIMIT,
): Promise<{
  items: SyncRecord[];
  totalCount: number;
  totalCountCapped?: true;
}> {
  const where =
    'applicationId' in by
      ? { application_id: by.applicationId }
      : { entity_ref: by.entityRef.toLocaleLowerCase('en-US') };
  const [{ count }] = (await knex.count({ count: '*' }).from(
    knex(HISTORY)
      .where(where)
      .select(knex.raw('1'))
      .limit(countLimit + 1)
      .as('counted'),
  )) as Array<{
    count: string | number;
  }>;
  const rows = await knex(HISTORY)
    .where(where)
    .orderBy([
      { column: 'started_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .offset(page.offset)
    .limit(page.limit);
  const items = rows.map(rowToSync);
  const counted = Number(count);
  return counted > countLimit
    ? { items, totalCount: countLimit, totalCountCapped: true }
    : { items, totalCount: counted };
}
