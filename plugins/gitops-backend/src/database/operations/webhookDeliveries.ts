import { Knex } from 'knex';

const DELIVERIES = 'gitops_webhook_deliveries';
/** Expired rows removed per recorded delivery: each write adds one row and purges up to this many. */
export const DELIVERY_PURGE_BATCH = 100;

function isUniqueViolation(error: any): boolean {
  return (
    error?.code === '23505' ||
    String(error?.code ?? '').startsWith('SQLITE_CONSTRAINT')
  );
}

/**
 * Records a delivery's replay key until `expiresAt`; false when the key is already recorded (a
 * replay). Each call also purges up to DELIVERY_PURGE_BATCH expired rows: work bounded per call,
 * and the table never holds much more than the deliveries of one window.
 */
export async function recordDelivery(
  knex: Knex,
  key: string,
  expiresAt: Date,
  now: Date,
): Promise<boolean> {
  await purgeExpiredDeliveries(knex, now, DELIVERY_PURGE_BATCH);
  try {
    await knex(DELIVERIES).insert({
      id: key,
      received_at: now,
      expires_at: expiresAt,
    });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

/** Removes up to `limit` rows whose replay key expired before `now`; returns how many. */
export async function purgeExpiredDeliveries(
  knex: Knex,
  now: Date,
  limit: number,
): Promise<number> {
  return knex(DELIVERIES)
    .whereIn(
      'id',
      knex(DELIVERIES)
        .select('id')
        .where('expires_at', '<', now)
        .orderBy('expires_at')
        .limit(limit),
    )
    .delete();
}
