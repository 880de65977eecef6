import {
  OverviewState,
  parseOverviewParams,
  toListQuery,
  toSearchParams,
  withFilter,
  withSort,
} from './overviewQuery';

const base: OverviewState = { page: 0, pageSize: 25 };

describe('parseOverviewParams', () => {
  it.each<[string, string, OverviewState]>([
    ['defaults', '', base],
    [
      'filters and paging',
      'syncStatus=OutOfSync&health=Degraded&owner=group:default/team-a&cluster=prod&namespace=shop&q=web&page=3&pageSize=50',
      {
        syncStatus: 'OutOfSync',
        health: 'Degraded',
        owner: 'group:default/team-a',
        cluster: 'prod',
        namespace: 'shop',
        q: 'web',
        page: 2,
        pageSize: 50,
      },
    ],
    [
      'sorting',
      'orderBy=lastSyncAt&order=desc',
      { ...base, orderBy: 'lastSyncAt', order: 'desc' },
    ],
    [
      'unknown values fall back',
      'syncStatus=Bogus&health=&orderBy=drop+table&order=up&page=-4&pageSize=100000',
      base,
    ],
    ['blank text is no filter', 'q=%20%20&owner=', base],
  ])('%s', (_name, query, expected) => {
    expect(parseOverviewParams(new URLSearchParams(query))).toEqual(expected);
  });
});

describe('toSearchParams', () => {
  it('round-trips through the URL', () => {
    const state: OverviewState = {
      syncStatus: 'Failed',
      q: 'api',
      orderBy: 'cluster',
      order: 'desc',
      page: 4,
      pageSize: 100,
    };
    expect(parseOverviewParams(toSearchParams(state))).toEqual(state);
  });
  it('leaves defaults out', () => {
    expect(toSearchParams(base).toString()).toBe('');
  });
});

describe('toListQuery', () => {
  it('asks the backend for exactly one page', () => {
    expect(
      toListQuery({
        ...base,
        page: 3,
        pageSize: 50,
        health: 'Missing',
        orderBy: 'health',
      }),
    ).toEqual({
      health: 'Missing',
      orderBy: 'health',
      order: 'asc',
      offset: 150,
      limit: 50,
      syncStatus: undefined,
      owner: undefined,
      cluster: undefined,
      namespace: undefined,
      q: undefined,
    });
  });
});

describe('state changes', () => {
  it('resets to the first page when a filter changes', () => {
    expect(withFilter({ ...base, page: 7 }, 'cluster', ' prod ')).toEqual({
      ...base,
      cluster: 'prod',
    });
    expect(withFilter({ ...base, cluster: 'prod' }, 'cluster', '')).toEqual({
      ...base,
      cluster: undefined,
    });
  });
  it.each<[OverviewState, OverviewState['order']]>([
    [base, 'asc'],
    [{ ...base, orderBy: 'cluster', order: 'asc' }, 'desc'],
    [{ ...base, orderBy: 'cluster', order: 'desc' }, 'asc'],
    [{ ...base, orderBy: 'health', order: 'desc' }, 'asc'],
  ])('sorting by cluster from %o gives %s', (state, order) => {
    expect(withSort(state, 'cluster')).toMatchObject({
      orderBy: 'cluster',
      order,
      page: 0,
    });
  });
});
