import { ApplicationSummary } from '@backstage-gitops/plugin-gitops-common';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import {
  createTestApp,
  summary,
  USER_HEADER,
} from './__testUtils__/routerTestKit';
import { countStatuses } from './readableApplications';

/** 1,100 applications over 550 entities, so the walk needs three pages of 500. */
const APPS: ApplicationSummary[] = Array.from({ length: 1100 }, (_, i) =>
  summary({
    id: `component:default/svc-${Math.floor(i / 2)}#${i % 2 ? 'prod' : 'dev'}`,
    entityRef: `component:default/svc-${Math.floor(i / 2)}`,
    syncStatus: i % 2 ? 'OutOfSync' : 'Synced',
    health: i % 3 ? 'Healthy' : 'Degraded',
  }),
);

async function conditionalApp(ownedEntities: string[], apps = APPS) {
  const kit = await createTestApp({
    decisions: { 'gitops.application.read': AuthorizeResult.CONDITIONAL },
  });
  kit.permissions.perEntity = Object.fromEntries(
    ownedEntities.map(ref => [ref, AuthorizeResult.ALLOW]),
  );
  kit.service.listApplications.mockImplementation(async q => ({
    items: apps.slice(q.offset ?? 0, (q.offset ?? 0) + (q.limit ?? 50)),
    totalCount: apps.length,
    offset: q.offset ?? 0,
    limit: q.limit ?? 50,
  }));
  return kit;
}

describe('listing under a conditional read decision', () => {
  it('shows only applications of readable entities, with exact totals and paging', async () => {
    const owned = ['component:default/svc-3', 'component:default/svc-540'];
    const { app, service, permissions } = await conditionalApp(owned);
    const res = await request(app)
      .get('/applications?limit=3&offset=1&cluster=local')
      .set('authorization', USER_HEADER);
    expect(res.status).toBe(200);
    expect(res.body.totalCount).toBe(4);
    expect(res.body).toMatchObject({ offset: 1, limit: 3 });
    expect(res.body.items.map((a: ApplicationSummary) => a.id)).toEqual([
      'component:default/svc-3#prod',
      'component:default/svc-540#dev',
      'component:default/svc-540#prod',
    ]);
    // Three pages walked with the caller's filters kept.
    expect(
      service.listApplications.mock.calls.map(([q]) => [
        q.offset,
        q.limit,
        q.cluster,
      ]),
    ).toEqual([
      [0, 500, 'local'],
      [500, 500, 'local'],
      [1000, 500, 'local'],
    ]);
    // One batched authorize over the distinct entities.
    expect(permissions.authorizeBatches).toBe(1);
    expect(
      permissions.calls.filter(c => c.method === 'authorize'),
    ).toHaveLength(550);
  });

  it('counts only readable applications', async () => {
    const { app, service } = await conditionalApp(['component:default/svc-0']);
    const res = await request(app)
      .get('/applications/counts')
      .set('authorization', USER_HEADER);
    expect(res.status).toBe(200);
    expect(service.countApplications).not.toHaveBeenCalled();
    expect(res.body.total).toBe(2);
    expect(res.body.syncStatus).toMatchObject({
      Synced: 1,
      OutOfSync: 1,
      Failed: 0,
    });
    expect(res.body.health).toMatchObject({
      Degraded: 1,
      Healthy: 1,
      Missing: 0,
    });
  });

  it('never shows an application without an entity under conditions', async () => {
    const apps = [summary({ id: 'config:platform', entityRef: undefined })];
    const { app } = await conditionalApp([], apps);
    const res = await request(app)
      .get('/applications')
      .set('authorization', USER_HEADER);
    expect(res.body).toEqual({
      items: [],
      totalCount: 0,
      offset: 0,
      limit: 50,
    });
  });

  it('ends the walk on an empty page even when totalCount promised more', async () => {
    const { app, service } = await conditionalApp(['component:default/svc-0']);
    service.listApplications.mockImplementation(async q => ({
      items: q.offset ? [] : APPS.slice(0, 2),
      totalCount: 9999,
      offset: q.offset ?? 0,
      limit: 500,
    }));
    const res = await request(app)
      .get('/applications')
      .set('authorization', USER_HEADER);
    expect(res.body.totalCount).toBe(2);
    expect(service.listApplications).toHaveBeenCalledTimes(2);
  });

  it('passes an unconditional ALLOW straight to the service', async () => {
    const { app, service, permissions } = await createTestApp();
    await request(app)
      .get('/applications?limit=7')
      .set('authorization', USER_HEADER)
      .expect(200);
    expect(service.listApplications).toHaveBeenCalledTimes(1);
    expect(permissions.calls).toEqual([
      { method: 'authorizeConditional', permission: 'gitops.application.read' },
    ]);
  });
});

describe('countStatuses', () => {
  it('reports every status key, zero included', () => {
    expect(
      countStatuses([summary({ syncStatus: 'Failed', health: 'Missing' })]),
    ).toEqual({
      total: 1,
      syncStatus: {
        Synced: 0,
        OutOfSync: 0,
        Syncing: 0,
        Failed: 1,
        Suspended: 0,
        Unknown: 0,
      },
      health: {
        Healthy: 0,
        Progressing: 0,
        Degraded: 0,
        Suspended: 0,
        Missing: 1,
        Unknown: 0,
      },
    });
  });
});
