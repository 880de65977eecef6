import { Knex } from 'knex';

export interface HistoryRow {
  id: string;
  application_id: string;
  revision: string | null;
  trigger: string;
  result: string;
  replica: string | null;
  started_at: unknown;
  finished_at: unknown;
  error: string | null;
  resources: string | null;
}

/** Every history row, oldest first. */
export async function historyRows(
  knex: Knex,
  applicationId?: string,
): Promise<HistoryRow[]> {
  const query = knex('gitops_sync_history')
    .select()
    .orderBy('started_at', 'asc');
  if (applicationId) query.where('application_id', applicationId);
  return query;
}

/**
 * What "no history row lost, duplicated or half-written" means, as a list of violations:
 * - every sync the engine announced as started has its row (lost otherwise);
 * - no revision was applied twice for the same new commit (trigger poll/webhook, Succeeded);
 * - no row is Running unless its application is claimed by a live lease right now;
 * - every finished row has a finish time.
 */
export async function historyProblems(
  knex: Knex,
  options: { startedSyncIds?: Iterable<string> } = {},
): Promise<string[]> {
  const rows = await historyRows(knex);
  const problems: string[] = [];
  const ids = new Set(rows.map(r => r.id));
  for (const id of options.startedSyncIds ?? []) {
    if (!ids.has(id))
      problems.push(`sync ${id} was started but has no history row`);
  }
  const applied = new Map<string, number>();
  for (const row of rows) {
    if (
      row.result === 'Succeeded' &&
      (row.trigger === 'poll' || row.trigger === 'webhook')
    ) {
      const key = `${row.application_id}@${row.revision}`;
      applied.set(key, (applied.get(key) ?? 0) + 1);
    }
    if (row.result !== 'Running' && !row.finished_at)
      problems.push(`sync ${row.id} is ${row.result} without a finish time`);
  }
  for (const [key, count] of applied)
    if (count > 1)
      problems.push(
        `${key} was applied ${count} times for the same new commit`,
      );
  const running = rows.filter(r => r.result === 'Running');
  if (running.length) {
    const claimed = await knex('gitops_applications')
      .whereIn(
        'id',
        running.map(r => r.application_id),
      )
      .whereNotNull('claimed_by')
      .andWhere('claim_expires_at', '>=', new Date())
      .pluck('id');
    for (const row of running)
      if (!claimed.includes(row.application_id))
        problems.push(
          `sync ${row.id} of ${row.application_id} is Running without a live claim`,
        );
  }
  return problems;
}

/** Counts of history rows by result, e.g. `{ Succeeded: 3, Failed: 1 }`. */
export async function resultCounts(
  knex: Knex,
  applicationId?: string,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const row of await historyRows(knex, applicationId))
    counts[row.result] = (counts[row.result] ?? 0) + 1;
  return counts;
}
