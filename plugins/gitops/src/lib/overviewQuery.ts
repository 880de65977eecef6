import type {
  AppSyncStatus,
  HealthStatus,
  ListApplicationsQuery,
} from '@backstage-gitops/plugin-gitops-common';
import type { CountApplicationsQuery } from '../api';
import { HEALTH_STATUSES, SYNC_STATUSES } from './labels';

export type OrderBy = NonNullable<ListApplicationsQuery['orderBy']>;
export const ORDER_BY_VALUES: OrderBy[] = [
  'id',
  'entityRef',
  'environment',
  'cluster',
  'namespace',
  'syncStatus',
  'health',
  'lastSyncAt',
];
export const PAGE_SIZES = [25, 50, 100];
export const DEFAULT_PAGE_SIZE = PAGE_SIZES[0];

/** Everything the overview page shows, as kept in the URL so a view can be shared and reloaded. */
export interface OverviewState {
  syncStatus?: AppSyncStatus;
  health?: HealthStatus;
  owner?: string;
  cluster?: string;
  namespace?: string;
  q?: string;
  orderBy?: OrderBy;
  order?: 'asc' | 'desc';
  /** Zero-based; the URL carries it one-based for people. */
  page: number;
  pageSize: number;
}

export type OverviewFilterKey =
  | 'syncStatus'
  | 'health'
  | 'owner'
  | 'cluster'
  | 'namespace'
  | 'q';
const TEXT_KEYS = ['owner', 'cluster', 'namespace', 'q'] as const;

function oneOf<T extends string>(
  values: readonly T[],
  value: string | null,
): T | undefined {
  return values.includes(value as T) ? (value as T) : undefined;
}

/** Reads the URL; anything unknown or malformed falls back to the default instead of failing. */
export function parseOverviewParams(params: URLSearchParams): OverviewState {
  const state: OverviewState = {
    syncStatus: oneOf(SYNC_STATUSES, params.get('syncStatus')),
    health: oneOf(HEALTH_STATUSES, params.get('health')),
    orderBy: oneOf(ORDER_BY_VALUES, params.get('orderBy')),
    order: oneOf(['asc', 'desc'] as const, params.get('order')),
    page: Math.max(0, (Number.parseInt(params.get('page') ?? '', 10) || 1) - 1),
    pageSize: PAGE_SIZES.includes(Number(params.get('pageSize')))
      ? Number(params.get('pageSize'))
      : DEFAULT_PAGE_SIZE,
  };
  for (const key of TEXT_KEYS) {
    const value = params.get(key)?.trim();
    if (value) {
      state[key] = value;
    }
  }
  return state;
}

/** The URL form of a state; defaults are left out so plain `/gitops` stays plain. */
export function toSearchParams(state: OverviewState): URLSearchParams {
  const params = new URLSearchParams();
  const set = (key: string, value: string | undefined) => {
    if (value) {
      params.set(key, value);
    }
  };
  set('syncStatus', state.syncStatus);
  set('health', state.health);
  for (const key of TEXT_KEYS) {
    set(key, state[key]);
  }
  set('orderBy', state.orderBy);
  set('order', state.orderBy ? state.order : undefined);
  if (state.page > 0) {
    params.set('page', String(state.page + 1));
  }
  if (state.pageSize !== DEFAULT_PAGE_SIZE) {
    params.set('pageSize', String(state.pageSize));
  }
  return params;
}

export function toCountQuery(state: OverviewState): CountApplicationsQuery {
  const { syncStatus, health, owner, cluster, namespace, q } = state;
  return { syncStatus, health, owner, cluster, namespace, q };
}

/** Only one page is asked for: the backend sorts and pages, so 5,000 apps cost one page. */
export function toListQuery(state: OverviewState): ListApplicationsQuery {
  return {
    ...toCountQuery(state),
    orderBy: state.orderBy,
    order: state.orderBy ? state.order ?? 'asc' : undefined,
    offset: state.page * state.pageSize,
    limit: state.pageSize,
  };
}

/** A filter change always returns to the first page, else the page may be past the end. */
export function withFilter(
  state: OverviewState,
  key: OverviewFilterKey,
  value: string | undefined,
): OverviewState {
  return { ...state, [key]: value?.trim() || undefined, page: 0 };
}

/** Clicking a sorted column flips the order; a new column starts ascending. */
export function withSort(
  state: OverviewState,
  orderBy: OrderBy,
): OverviewState {
  const order =
    state.orderBy === orderBy && (state.order ?? 'asc') === 'asc'
      ? 'desc'
      : 'asc';
  return { ...state, orderBy, order, page: 0 };
}
