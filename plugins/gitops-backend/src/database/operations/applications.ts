import {
  ApplicationSpec,
  AppSyncStatus,
  HealthStatus,
  ListApplicationsQuery,
  StatusCounts,
} from '@backstage-gitops/plugin-gitops-common';
import { Knex } from 'knex';
import { ApplicationRecord } from '../types';
import {
  APPLICATIONS,
  hashSpec,
  rowToRecord,
  specColumns,
} from './applicationRows';

export type ApplicationScope =
  | { origin: 'catalog'; entityRef: string }
  | { origin: 'config' };

export interface DesiredApplication {
  spec: ApplicationSpec;
  owner?: string;
}

export interface ReplaceResult {
  added: string[];
  changed: string[];
  removed: string[];
}

/**
 * Makes the applications of one scope (one entity, or the static config set) exactly `desired`.
 * New and changed applications are due at once; user overrides (suspend, pin) and status survive.
 */
export async function replaceApplications(
  knex: Knex,
  scope: ApplicationScope,
  desired: DesiredApplication[],
  now: Date,
): Promise<ReplaceResult> {
  return knex.transaction(async tx => {
    const scoped = tx(APPLICATIONS).where('origin', scope.origin);
    if (scope.origin === 'catalog')
      scoped.andWhere('entity_ref', scope.entityRef);
    const existing = new Map<string, string>(
      (await scoped.select('id', 'spec_hash', 'owner')).map((r: any) => [
        r.id,
        `${r.spec_hash}|${r.owner ?? ''}`,
      ]),
    );
    const result: ReplaceResult = { added: [], changed: [], removed: [] };
    for (const { spec, owner } of desired) {
      const previous = existing.get(spec.id);
      existing.delete(spec.id);
      if (previous === undefined) {
        await tx(APPLICATIONS).insert({
          id: spec.id,
          ...specColumns(spec, owner),
          next_reconcile_at: now,
          sync_status: 'Unknown',
          health: 'Unknown',
          updated_at: now,
        });
        result.added.push(spec.id);
      } else if (previous !== `${hashSpec(spec)}|${owner ?? ''}`) {
        await tx(APPLICATIONS)
          .where('id', spec.id)
          .update({
            ...specColumns(spec, owner),
            next_reconcile_at: now,
            updated_at: now,
          });
        result.changed.push(spec.id);
      }
    }
    const removed = [...existing.keys()];
    if (removed.length > 0) {
      await tx(APPLICATIONS).whereIn('id', removed).delete();
      await tx('gitops_inventory').whereIn('application_id', removed).delete();
    }
    result.removed = removed;
    return result;
  });
}

export async function getApplication(
  knex: Knex,
  id: string,
): Promise<ApplicationRecord | undefined> {
  const row = await knex(APPLICATIONS).where('id', id).first();
  return row ? rowToRecord(row) : undefined;
}

const SORT_COLUMNS: Record<
  NonNullable<ListApplicationsQuery['orderBy']>,
  string
> = {
  id: 'id',
  entityRef: 'entity_ref',
  environment: 'environment',
  cluster: 'cluster',
  namespace: 'namespace',
  syncStatus: 'sync_status',
  health: 'health',
  lastSyncAt: 'last_sync_at',
};

function applyFilters(
  query: Knex.QueryBuilder,
  filter: ListApplicationsQuery,
): Knex.QueryBuilder {
  if (filter.entityRef)
    query.where('entity_ref', filter.entityRef.toLocaleLowerCase('en-US'));
  if (filter.owner)
    query.where('owner', filter.owner.toLocaleLowerCase('en-US'));
  if (filter.cluster) query.where('cluster', filter.cluster);
  if (filter.namespace) query.where('namespace', filter.namespace);
  if (filter.syncStatus) query.where('sync_status', filter.syncStatus);
  if (filter.health) query.where('health', filter.health);
  if (filter.q) {
    const like = `%${filter.q
      .toLocaleLowerCase('en-US')
      .replace(/[\\%_]/g, c => `\\${c}`)}%`;
    query.where(inner => {
      for (const column of [
        'id',
        'entity_ref',
        'environment',
        'namespace',
        'cluster',
        'owner',
      ]) {
        inner.orWhereRaw(`LOWER(${column}) LIKE ? ESCAPE '\\'`, [like]);
      }
    });
  }
  return query;
}

export async function listApplications(
  knex: Knex,
  filter: ListApplicationsQuery,
): Promise<{ items: ApplicationRecord[]; totalCount: number }> {
  const offset = filter.offset ?? 0;
  const limit = filter.limit ?? 50;
  const [{ count }] = await applyFilters(knex(APPLICATIONS), filter).count({
    count: '*',
  });
  const column = SORT_COLUMNS[filter.orderBy ?? 'id'];
  const rows = await applyFilters(knex(APPLICATIONS), filter)
    .select('*')
    .orderBy([
      { column, order: filter.order ?? 'asc' },
      { column: 'id', order: 'asc' },
    ])
    .offset(offset)
    .limit(limit);
  return { items: rows.map(rowToRecord), totalCount: Number(count) };
}

const SYNC_STATUSES: AppSyncStatus[] = [
  'Synced',
  'OutOfSync',
  'Syncing',
  'Failed',
  'Suspended',
  'Unknown',
];
const HEALTH_STATUSES: HealthStatus[] = [
  'Healthy',
  'Progressing',
  'Degraded',
  'Suspended',
  'Missing',
  'Unknown',
];

export async function countApplications(
  knex: Knex,
  filter: ListApplicationsQuery,
): Promise<StatusCounts> {
  const { syncStatus, health, ...rest } = filter;
  const bySync = await applyFilters(knex(APPLICATIONS), { ...rest, health })
    .select('sync_status')
    .count({ count: '*' })
    .groupBy('sync_status');
  const byHealth = await applyFilters(knex(APPLICATIONS), {
    ...rest,
    syncStatus,
  })
    .select('health')
    .count({ count: '*' })
    .groupBy('health');
  const counts: StatusCounts = {
    total: 0,
    syncStatus: Object.fromEntries(
      SYNC_STATUSES.map(s => [s, 0]),
    ) as StatusCounts['syncStatus'],
    health: Object.fromEntries(
      HEALTH_STATUSES.map(s => [s, 0]),
    ) as StatusCounts['health'],
  };
  for (const row of bySync as any[]) {
    counts.syncStatus[row.sync_status as AppSyncStatus] = Number(row.count);
    counts.total += Number(row.count);
  }
  for (const row of byHealth as any[])
    counts.health[row.health as HealthStatus] = Number(row.count);
  return counts;
}

export async function setOverrides(
  knex: Knex,
  id: string,
  overrides: { suspended?: boolean; pinnedRevision?: string | null },
  now: Date,
): Promise<boolean> {
  const update: Record<string, unknown> = {
    updated_at: now,
    next_reconcile_at: now,
  };
  if (overrides.suspended !== undefined) update.suspended = overrides.suspended;
  if (overrides.pinnedRevision !== undefined)
    update.pinned_revision = overrides.pinnedRevision;
  return (await knex(APPLICATIONS).where('id', id).update(update)) > 0;
}

/** Applications following a repository (normalized URL) and ref: the targets of a push webhook. */
export async function findApplicationsByRepo(
  knex: Knex,
  key: string,
  ref: string,
): Promise<string[]> {
  const rows = await knex(APPLICATIONS)
    .where({ repo_key: key, ref })
    .select('id');
  return rows.map((r: any) => r.id);
}

/** Entities that currently have applications (to notice an annotation that was removed). */
export async function listEntityRefs(knex: Knex): Promise<string[]> {
  const rows = await knex(APPLICATIONS)
    .where('origin', 'catalog')
    .distinct('entity_ref');
  return rows.map((r: any) => r.entity_ref).filter(Boolean);
}
