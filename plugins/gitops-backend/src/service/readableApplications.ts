import {
  ApplicationSummary,
  gitopsReadPermission,
  ListApplicationsQuery,
  Page,
  StatusCounts,
} from '@backstage-gitops/plugin-gitops-common';
import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { allowedEntityRefs, listingDecision } from './authorization';
import { GitOpsService } from './GitOpsService';
import { APP_SYNC_STATUSES, HEALTH_STATUSES, MAX_LIMIT } from './validation';

interface Deps {
  service: GitOpsService;
  permissions: PermissionsService;
}

/*
 * Listing and counting under the read permission.
 *
 * An unconditional ALLOW passes the query straight to the service (the common, cheap case).
 * A CONDITIONAL decision (e.g. "only entities I own") cannot be pushed down into the store: its
 * rules belong to the catalog. Then every matching application is fetched, its entity checked in
 * one batched authorize call, and paging / counting are done on the readable rest, so totalCount
 * and counts stay exact. That costs one pass over the matching applications per request; filters
 * (entityRef, owner, ...) narrow it. Applications without an entity are never readable under a
 * conditional decision, as catalog conditions cannot hold for them.
 */

export async function listReadableApplications(
  deps: Deps,
  query: ListApplicationsQuery & { offset: number; limit: number },
  credentials: BackstageCredentials,
): Promise<Page<ApplicationSummary>> {
  if (
    (await listingDecision(
      deps.permissions,
      gitopsReadPermission,
      credentials,
    )) === 'all'
  ) {
    return deps.service.listApplications(query);
  }
  const readable = await readableMatches(deps, query, credentials);
  return {
    items: readable.slice(query.offset, query.offset + query.limit),
    totalCount: readable.length,
    offset: query.offset,
    limit: query.limit,
  };
}

export async function countReadableApplications(
  deps: Deps,
  query: ListApplicationsQuery,
  credentials: BackstageCredentials,
): Promise<StatusCounts> {
  if (
    (await listingDecision(
      deps.permissions,
      gitopsReadPermission,
      credentials,
    )) === 'all'
  ) {
    return deps.service.countApplications(query);
  }
  return countStatuses(await readableMatches(deps, query, credentials));
}

/** Tallies statuses with every key present, as StatusCounts promises. */
export function countStatuses(apps: ApplicationSummary[]): StatusCounts {
  const counts: StatusCounts = {
    total: apps.length,
    syncStatus: Object.fromEntries(
      APP_SYNC_STATUSES.map(s => [s, 0]),
    ) as StatusCounts['syncStatus'],
    health: Object.fromEntries(
      HEALTH_STATUSES.map(h => [h, 0]),
    ) as StatusCounts['health'],
  };
  for (const app of apps) {
    counts.syncStatus[app.syncStatus] =
      (counts.syncStatus[app.syncStatus] ?? 0) + 1;
    counts.health[app.health] = (counts.health[app.health] ?? 0) + 1;
  }
  return counts;
}

async function readableMatches(
  deps: Deps,
  query: ListApplicationsQuery,
  credentials: BackstageCredentials,
) {
  const all = await allMatches(deps.service, query);
  const allowed = await allowedEntityRefs(
    deps.permissions,
    gitopsReadPermission,
    all.flatMap(app => (app.entityRef ? [app.entityRef] : [])),
    credentials,
  );
  return all.filter(
    app => app.entityRef !== undefined && allowed.has(app.entityRef),
  );
}

async function allMatches(
  service: GitOpsService,
  query: ListApplicationsQuery,
): Promise<ApplicationSummary[]> {
  const items: ApplicationSummary[] = [];
  for (;;) {
    const page = await service.listApplications({
      ...query,
      offset: items.length,
      limit: MAX_LIMIT,
    });
    items.push(...page.items);
    // An empty page ends the walk even if totalCount disagrees (rows removed meanwhile).
    if (page.items.length === 0 || items.length >= page.totalCount)
      return items;
  }
}
