import { TestDatabases } from '@backstage/backend-test-utils';
import { testApplicationSpec } from '../../testUtils/applications';
import { DatabaseGitOpsStore } from '../GitOpsStore';

jest.setTimeout(60_000);

describe('claim operations', () => {
  const databases = TestDatabases.create();

  async function setup(
    databaseId: Parameters<typeof databases.init>[0],
    count = 3,
  ) {
    const knex = await databases.init(databaseId);
    let now = new Date('2026-01-01T00:00:00Z');
    const clock = { set: (d: Date) => (now = d), get: () => now };
    const store = await DatabaseGitOpsStore.create({ knex, now: () => now });
    const specs = Array.from({ length: count }, (_, i) =>
      testApplicationSpec({ id: `component:default/app${i}#dev` }),
    );
    await store.replaceApplications(
      { origin: 'catalog', entityRef: 'component:default/shop' },
      specs.map(spec => ({ spec })),
    );
    return { store, clock, specs };
  }

  it.each(databases.eachSupportedId())(
    'gives each due application to exactly one replica, %p',
    async databaseId => {
      const { store } = await setup(databaseId, 6);
      const [a, b] = await Promise.all([
        store.claimDueApplications({ replica: 'a', limit: 4, leaseMs: 30_000 }),
        store.claimDueApplications({ replica: 'b', limit: 4, leaseMs: 30_000 }),
      ]);
      const ids = [...a, ...b].map(r => r.spec.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBe(6);
      expect(
        await store.claimDueApplications({
          replica: 'c',
          limit: 10,
          leaseMs: 30_000,
        }),
      ).toEqual([]);
    },
  );

  it.each(databases.eachSupportedId())(
    'lets another replica take over an expired lease, %p',
    async databaseId => {
      const { store, clock, specs } = await setup(databaseId, 1);
      const [claimed] = await store.claimDueApplications({
        replica: 'a',
        limit: 1,
        leaseMs: 30_000,
      });
      expect(claimed.staleClaimBy).toBeUndefined();
      clock.set(new Date('2026-01-01T00:00:20Z'));
      expect(
        await store.heartbeat({
          replica: 'a',
          ids: [specs[0].id],
          leaseMs: 30_000,
        }),
      ).toBe(1);
      clock.set(new Date('2026-01-01T00:00:40Z'));
      expect(
        await store.claimDueApplications({
          replica: 'b',
          limit: 1,
          leaseMs: 30_000,
        }),
      ).toEqual([]);
      clock.set(new Date('2026-01-01T00:01:00Z'));
      const [takenOver] = await store.claimDueApplications({
        replica: 'b',
        limit: 1,
        leaseMs: 30_000,
      });
      expect(takenOver.spec.id).toBe(specs[0].id);
      expect(takenOver.staleClaimBy).toBe('a');
      // the dead replica's late release must not clobber the new owner's claim
      const late = await store.releaseApplication(specs[0].id, 'a', {
        nextReconcileAt: new Date('2026-01-01T01:00:00Z'),
        failureCount: 0,
        reconciledAt: new Date(),
      });
      expect(late).toBe(false);
      expect((await store.getApplication(specs[0].id))?.claimedBy).toBe('b');
    },
  );

  it.each(databases.eachSupportedId())(
    'serves requests first and keeps a newer request, %p',
    async databaseId => {
      const { store, clock, specs } = await setup(databaseId, 3);
      for (const spec of specs) {
        const [claimed] = await store.claimDueApplications({
          replica: 'a',
          limit: 1,
          leaseMs: 30_000,
        });
        await store.releaseApplication(claimed.spec.id, 'a', {
          nextReconcileAt: new Date('2026-01-01T00:03:00Z'),
          failureCount: 0,
          reconciledAt: clock.get(),
          state: { syncStatus: 'Synced', health: 'Healthy', revision: 'abc' },
        });
        void spec;
      }
      const request = {
        trigger: 'user' as const,
        sync: true,
        requestedBy: 'user:default/jo',
        requestedAt: clock.get().toISOString(),
      };
      expect(await store.requestReconcile(specs[2].id, request)).toBe(true);
      expect(await store.requestReconcile('missing', request)).toBe(false);
      const [claimed] = await store.claimDueApplications({
        replica: 'a',
        limit: 5,
        leaseMs: 30_000,
      });
      expect(claimed.spec.id).toBe(specs[2].id);
      expect(claimed.request).toEqual(request);

      const newer = {
        ...request,
        requestedAt: new Date('2026-01-01T00:00:01Z').toISOString(),
      };
      await store.requestReconcile(specs[2].id, newer);
      await store.releaseApplication(specs[2].id, 'a', {
        nextReconcileAt: new Date('2026-01-01T00:03:00Z'),
        failureCount: 0,
        servedRequest: request,
        reconciledAt: clock.get(),
      });
      const record = await store.getApplication(specs[2].id);
      expect(record?.request).toEqual(newer);
      expect(record?.nextReconcileAt.getTime()).toBe(clock.get().getTime());
      expect(record?.state.syncStatus).toBe('Synced');
    },
  );

  it.each(databases.eachSupportedId())(
    'skips suspended applications unless asked, %p',
    async databaseId => {
      const { store, clock, specs } = await setup(databaseId, 1);
      await store.setOverrides(specs[0].id, { suspended: true });
      expect(
        await store.claimDueApplications({
          replica: 'a',
          limit: 1,
          leaseMs: 30_000,
        }),
      ).toEqual([]);
      await store.requestReconcile(specs[0].id, {
        trigger: 'user',
        sync: false,
        requestedAt: clock.get().toISOString(),
      });
      expect(
        await store.claimDueApplications({
          replica: 'a',
          limit: 1,
          leaseMs: 30_000,
        }),
      ).toHaveLength(1);
    },
  );

  it.each(databases.eachSupportedId())(
    'counts due applications no replica holds, %p',
    async databaseId => {
      const { store, clock, specs } = await setup(databaseId, 4);
      expect(await store.countDueApplications()).toBe(4);
      await store.setOverrides(specs[0].id, { suspended: true });
      const [released] = await store.claimDueApplications({
        replica: 'a',
        limit: 2,
        leaseMs: 30_000,
      });
      await store.releaseApplication(released.spec.id, 'a', {
        nextReconcileAt: new Date('2026-01-01T00:05:00Z'),
        failureCount: 0,
        reconciledAt: clock.get(),
      });
      // suspended, held by a replica, not due yet: none of them waits
      expect(await store.countDueApplications()).toBe(1);
      clock.set(new Date('2026-01-01T00:10:00Z'));
      // the lease ran out and the interval passed: both wait again
      expect(await store.countDueApplications()).toBe(3);
    },
  );

  it.each(databases.eachSupportedId())(
    'queues one request for 50 concurrent callers: the rest see it and keep it, %p',
    async databaseId => {
      const { store, specs } = await setup(databaseId, 1);
      const id = specs[0].id;
      const asked = Array.from({ length: 50 }, (_, i) => ({
        id: `request-${i}`,
        trigger: 'user' as const,
        sync: true,
        requestedAt: new Date('2026-01-01T00:00:00Z').toISOString(),
      }));
      const outcomes = await Promise.all(
        asked.map(request =>
          store.updateRequest(id, current => (current ? undefined : request)),
        ),
      );
      const written = outcomes.filter(o => o?.written);
      expect(written).toHaveLength(1);
      const winner = written[0]!.request!.id;
      expect(outcomes.map(o => o?.request?.id)).toEqual(
        asked.map(() => winner),
      );
      expect((await store.getApplication(id))?.request?.id).toBe(winner);
      expect(await store.updateRequest('missing', () => asked[0])).toBe(
        undefined,
      );
    },
  );
});
