import { Knex } from 'knex';

const HISTORY = 'gitops_sync_history';

/**
 * Rows retention may remove: finished ones (a Running row is a sync in progress), and never the
 * row an application shows as its last sync.
 */
function removable(knex: Knex, query: Knex.QueryBuilder): Knex.QueryBuilder {
  return query
    .whereNot('result', 'Running')
    .whereNotIn(
      'id',
      knex('gitops_applications')
        .select('last_sync_id')
        .whereNotNull('last_sync_id'),
    );
}

/**
 * Removes an application's history beyond its newest `keep` rows, at most `limit` rows per call;
 * returns how many. Called after each sync of the application, so a history grows by one row and
 * loses its oldest: bounded work on the application's own index.
 */
export async function trimApplicationHistory(
  knex: Knex,
  applicationId: string,
  keep: number,
  limit: number,
): Promise<number> {
  const boundary = await knex(HISTORY)
    .where('application_id', applicationId)
    .orderBy([
      { column: 'started_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .offset(keep)
    .first('started_at', 'id');
  if (!boundary) return 0;
  const older = removable(
    knex,
    knex(HISTORY)
      .select('id')
      .where('application_id', applicationId)
      .andWhere(q =>
        q
          .where('started_at', '<', boundary.started_at)
          .orWhere(same =>
            same
              .where('started_at', boundary.started_at)
              .andWhere('id', '<=', boundary.id),
          ),
      ),
  ).limit(limit);
  return knex(HISTORY).whereIn('id', older).delete();
}

/** Removes up to `limit` history rows that started before `olderThan`, oldest first; returns how many. */
export async function purgeHistoryOlderThan(
  knex: Knex,
  olderThan: Date,
  limit: number,
): Promise<number> {
  const old = removable(
    knex,
    knex(HISTORY).select('id').where('started_at', '<', olderThan),
  )
    .orderBy('started_at')
    .limit(limit);
  return knex(HISTORY).whereIn('id', old).delete();
}
