/**
 * @jest-environment node
 */
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { registerMswTestHooks } from '@backstage/test-utils';
import { ResponseError } from '@backstage/errors';
import { GitOpsClient, toQueryString } from './GitOpsClient';

const BASE = 'http://backstage.test/api/gitops';
const server = setupServer();
registerMswTestHooks(server);

/** fetchApi that adds a token, as the portal's real one does; the test checks it arrives. */
const fetchApi = {
  fetch: (input: RequestInfo | URL, init?: RequestInit) =>
    fetch(input, {
      ...init,
      headers: {
        ...(init?.headers as object),
        Authorization: 'Bearer user-token',
      },
    }),
};
const discoveryApi = { getBaseUrl: jest.fn(async () => BASE) };
const client = new GitOpsClient({ discoveryApi, fetchApi });

const page = { items: [], totalCount: 0, offset: 0, limit: 25 };

function errorBody(status: number, name: string, message: string) {
  return HttpResponse.json(
    {
      error: { name, message },
      request: { method: 'POST', url: '/' },
      response: { statusCode: status },
    },
    { status },
  );
}

describe('GitOpsClient', () => {
  it('lists applications with every filter as query parameters, through fetchApi', async () => {
    let seen: URL | undefined;
    let auth: string | null = null;
    server.use(
      http.get(`${BASE}/applications`, ({ request }) => {
        seen = new URL(request.url);
        auth = request.headers.get('authorization');
        return HttpResponse.json(page);
      }),
    );
    await expect(
      client.listApplications({
        syncStatus: 'OutOfSync',
        health: 'Degraded',
        owner: 'group:default/a',
        cluster: 'prod',
        namespace: 'shop',
        q: 'web api',
        orderBy: 'lastSyncAt',
        order: 'desc',
        offset: 50,
        limit: 25,
      }),
    ).resolves.toEqual(page);
    expect(Object.fromEntries(seen!.searchParams)).toEqual({
      syncStatus: 'OutOfSync',
      health: 'Degraded',
      owner: 'group:default/a',
      cluster: 'prod',
      namespace: 'shop',
      q: 'web api',
      orderBy: 'lastSyncAt',
      order: 'desc',
      offset: '50',
      limit: '25',
    });
    expect(auth).toBe('Bearer user-token');
    expect(discoveryApi.getBaseUrl).toHaveBeenCalledWith('gitops');
  });

  it('asks for counts with filters only', async () => {
    let search = '';
    const counts = {
      total: 1,
      syncStatus: { Synced: 1 },
      health: { Healthy: 1 },
    };
    server.use(
      http.get(`${BASE}/applications/counts`, ({ request }) => {
        search = new URL(request.url).search;
        return HttpResponse.json(counts);
      }),
    );
    await expect(
      client.countApplications({ cluster: 'prod' }),
    ).resolves.toEqual(counts);
    expect(search).toBe('?cluster=prod');
  });

  it('encodes application ids, which contain ":", "/" and "#"', async () => {
    let path = '';
    server.use(
      http.get(`${BASE}/applications/:id`, ({ request }) => {
        path = new URL(request.url).pathname;
        return HttpResponse.json({ id: 'component:default/shop#prod' });
      }),
    );
    await client.getApplication('component:default/shop#prod');
    expect(path).toBe(
      '/api/gitops/applications/component%3Adefault%2Fshop%23prod',
    );
  });

  it('pages the history of an application', async () => {
    let search = '';
    server.use(
      http.get(`${BASE}/applications/:id/history`, ({ request }) => {
        search = new URL(request.url).search;
        return HttpResponse.json(page);
      }),
    );
    await client.getApplicationHistory('a#prod', { offset: 20, limit: 10 });
    expect(search).toBe('?offset=20&limit=10');
  });

  it('reads entity applications and history by kind, namespace and name', async () => {
    const paths: string[] = [];
    server.use(
      http.get(
        `${BASE}/entities/:kind/:namespace/:name/applications`,
        ({ request }) => {
          paths.push(new URL(request.url).pathname);
          return HttpResponse.json({ items: [], errors: [] });
        },
      ),
      http.get(
        `${BASE}/entities/:kind/:namespace/:name/history`,
        ({ request }) => {
          paths.push(
            new URL(request.url).pathname + new URL(request.url).search,
          );
          return HttpResponse.json(page);
        },
      ),
    );
    await expect(
      client.getEntityApplications('component:team-a/shop'),
    ).resolves.toEqual({ items: [], errors: [] });
    await client.getEntityHistory('component:team-a/shop', { limit: 5 });
    expect(paths).toEqual([
      '/api/gitops/entities/component/team-a/shop/applications',
      '/api/gitops/entities/component/team-a/shop/history?limit=5',
    ]);
  });

  it.each<[string, () => Promise<unknown>, string, unknown]>([
    [
      'sync',
      () => client.syncApplication('a#prod', { revision: 'abc' }),
      '/applications/a%23prod/sync',
      { revision: 'abc' },
    ],
    [
      'refresh',
      () => client.refreshApplication('a#prod'),
      '/applications/a%23prod/refresh',
      {},
    ],
    [
      'suspend',
      () => client.suspendApplication('a#prod'),
      '/applications/a%23prod/suspend',
      {},
    ],
    [
      'resume',
      () => client.resumeApplication('a#prod'),
      '/applications/a%23prod/resume',
      {},
    ],
    [
      'pin',
      () => client.pinRevision('a#prod', 'abc123'),
      '/applications/a%23prod/pin',
      { revision: 'abc123' },
    ],
    [
      'unpin',
      () => client.unpinRevision('a#prod'),
      '/applications/a%23prod/unpin',
      {},
    ],
    [
      'revert',
      () => client.revertSync('a#prod', 's/1'),
      '/applications/a%23prod/history/s%2F1/revert',
      {},
    ],
  ])('POSTs %s as JSON', async (_name, call, path, body) => {
    let seen: { path: string; body: unknown; type: string | null } | undefined;
    server.use(
      http.post(`${BASE}/*`, async ({ request }) => {
        seen = {
          path: new URL(request.url).pathname.replace('/api/gitops', ''),
          body: await request.json(),
          type: request.headers.get('content-type'),
        };
        return HttpResponse.json(
          { applicationId: 'a#prod', queued: true },
          { status: 202 },
        );
      }),
    );
    await expect(call()).resolves.toEqual({
      applicationId: 'a#prod',
      queued: true,
    });
    expect(seen).toEqual({ path, body, type: 'application/json' });
  });

  it('rejects with a ResponseError carrying the backend message (409 sync running)', async () => {
    server.use(
      http.post(`${BASE}/applications/:id/sync`, () =>
        errorBody(
          409,
          'ConflictError',
          'A sync of component:default/shop#prod is already running',
        ),
      ),
    );
    const error = await client
      .syncApplication('component:default/shop#prod')
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(409);
    expect(error.body.error.message).toBe(
      'A sync of component:default/shop#prod is already running',
    );
  });

  it.each([400, 401, 403, 404])('rejects on %s', async status => {
    server.use(
      http.get(`${BASE}/applications/:id`, () =>
        errorBody(status, 'Error', `status ${status}`),
      ),
    );
    await expect(client.getApplication('x')).rejects.toMatchObject({
      statusCode: status,
    });
  });
});

describe('toQueryString', () => {
  it.each<[Record<string, string | number | undefined>, string]>([
    [{}, ''],
    [{ a: undefined, b: '' }, ''],
    [{ offset: 0, limit: 10 }, '?offset=0&limit=10'],
    [{ q: 'a b&c' }, '?q=a+b%26c'],
  ])('%o → %s', (params, expected) => {
    expect(toQueryString(params)).toBe(expected);
  });
});
