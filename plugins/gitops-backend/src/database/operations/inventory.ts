import { Knex } from 'knex';
import { InventoryItem } from '../types';

const INVENTORY = 'gitops_inventory';

export async function getInventory(
  knex: Knex,
  applicationId: string,
): Promise<InventoryItem[]> {
  const rows = await knex(INVENTORY)
    .where('application_id', applicationId)
    .orderBy(['kind', 'namespace', 'name']);
  return rows.map((r: any) => ({
    apiVersion: r.api_version,
    kind: r.kind,
    namespace: r.namespace || undefined,
    name: r.name,
  }));
}

/** Replaces an application's inventory in one transaction, so a crash never leaves half of it. */
export async function replaceInventory(
  knex: Knex,
  applicationId: string,
  items: InventoryItem[],
): Promise<void> {
  await knex.transaction(async tx => {
    await tx(INVENTORY).where('application_id', applicationId).delete();
    const rows = items.map(i => ({
      application_id: applicationId,
      api_version: i.apiVersion,
      kind: i.kind,
      namespace: i.namespace ?? '',
      name: i.name,
    }));
    // batches keep SQLite under its bound-parameter limit
    for (let i = 0; i < rows.length; i += 100)
      await tx(INVENTORY).insert(rows.slice(i, i + 100));
  });
}
