import { Knex } from 'knex';

const DELIVERIES = 'gitops_webhook_deliveries';

function isUniqueViolation(error: any): boolean {
  return (
    error?.code === '23505' ||
    String(error?.code ?? '').startsWith('SQLITE_CONSTRAINT')
  );
}

/** Records a webhook delivery id; false when it was seen before (a replay). */
export async function recordDelivery(
  knex: Knex,
  id: string,
  now: Date,
): Promise<boolean> {
  try {
    await knex(DELIVERIES).insert({ id, received_at: now });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

export async function purgeDeliveries(
  knex: Knex,
  olderThan: Date,
): Promise<number> {
  return knex(DELIVERIES).where('received_at', '<', olderThan).delete();
}
