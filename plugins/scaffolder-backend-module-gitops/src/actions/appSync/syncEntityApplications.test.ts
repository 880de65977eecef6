import {
  ApplicationDetails,
  EntityApplications,
  OnboardingError,
} from '@backstage-gitops/plugin-gitops-common';
import { GitOpsApi } from './gitopsApi';
import { syncEntityApplications } from './syncEntityApplications';

type App = Pick<
  ApplicationDetails,
  | 'id'
  | 'environment'
  | 'syncStatus'
  | 'health'
  | 'message'
  | 'error'
  | 'lastSync'
>;

/**
 * A GitOps backend in miniature: applications appear after `onboardAfter` listings; a requested
 * sync finishes after `syncTakes` reads with `outcome`. Every call advances the clock one second.
 */
class FakeGitOps implements GitOpsApi {
  clock = 0;
  listings = 0;
  requests: string[] = [];
  busy = new Map<string, number>();
  private pending = new Map<string, number>();
  apps: App[];

  constructor(
    envs: string[],
    private readonly behaviour: {
      onboardAfter?: number;
      syncTakes?: number;
      outcome?: Partial<App>;
      errors?: OnboardingError[];
    } = {},
  ) {
    this.apps = envs.map(env => ({
      id: `component:default/shop#${env}`,
      environment: env,
      syncStatus: 'Synced',
      health: 'Healthy',
      lastSync: {
        id: 'old-sync',
        result: 'Succeeded',
      } as ApplicationDetails['lastSync'],
    }));
  }

  async entityApplications(): Promise<EntityApplications> {
    this.clock += 1000;
    this.listings++;
    const visible = this.listings > (this.behaviour.onboardAfter ?? 0);
    return {
      items: visible ? (this.apps as any) : [],
      errors: this.behaviour.errors ?? [],
    };
  }

  async application(id: string): Promise<ApplicationDetails> {
    this.clock += 1000;
    const app = this.apps.find(a => a.id === id)!;
    const left = this.pending.get(id);
    if (left !== undefined) {
      if (left <= 0) {
        Object.assign(
          app,
          {
            lastSync: {
              id: `sync-${this.requests.length}`,
              result: 'Succeeded',
            },
            syncStatus: 'Synced',
            health: 'Healthy',
          },
          this.behaviour.outcome,
        );
        this.pending.delete(id);
      } else {
        Object.assign(app, { syncStatus: 'Syncing', health: 'Progressing' });
        this.pending.set(id, left - 1);
      }
    }
    return { ...app } as ApplicationDetails;
  }

  async requestSync(id: string): Promise<'queued' | 'busy'> {
    this.clock += 1000;
    const busy = this.busy.get(id) ?? 0;
    if (busy > 0) {
      this.busy.set(id, busy - 1);
      return 'busy';
    }
    this.requests.push(id);
    this.pending.set(id, this.behaviour.syncTakes ?? 2);
    return 'queued';
  }
}

const logger = () => ({ info: jest.fn(), warn: jest.fn() });
const run = (
  api: FakeGitOps,
  options: { timeoutMs?: number; waitForHealthy?: boolean } = {},
  log = logger(),
) =>
  syncEntityApplications({
    api,
    entityRef: 'component:default/shop',
    timeoutMs: options.timeoutMs ?? 60_000,
    waitForHealthy: options.waitForHealthy ?? true,
    logger: log,
    pollIntervalMs: 1,
    now: () => api.clock,
  });

describe('syncEntityApplications', () => {
  it('waits for onboarding, syncs every application and returns once each finished a new sync, Synced and Healthy', async () => {
    const api = new FakeGitOps(['dev', 'prod'], { onboardAfter: 3 });
    const log = logger();
    const result = await run(api, {}, log);
    expect(api.listings).toBe(4);
    expect(api.requests).toEqual([
      'component:default/shop#dev',
      'component:default/shop#prod',
    ]);
    expect(
      result.map(a => [a.environment, a.syncStatus, a.health, a.lastSync?.id]),
    ).toEqual([
      ['dev', 'Synced', 'Healthy', 'sync-2'],
      ['prod', 'Synced', 'Healthy', 'sync-2'],
    ]);
    const lines = log.info.mock.calls.map(c => c[0]);
    expect(lines).toContain(
      'Waiting for the GitOps backend to onboard component:default/shop',
    );
    expect(lines).toContain(
      'component:default/shop has 2 GitOps application(s): dev, prod',
    );
    expect(lines).toContain('dev: Syncing, Progressing');
  });

  it('does not count the Synced state of a sync that finished before the request', async () => {
    const api = new FakeGitOps(['dev'], { syncTakes: 1000 });
    await expect(run(api, { timeoutMs: 20_000 })).rejects.toThrow(
      'Applications of component:default/shop not Synced and Healthy after 20 s: dev: Syncing, Progressing',
    );
  });

  it('asks again when a sync is already running', async () => {
    const api = new FakeGitOps(['dev']);
    api.busy.set('component:default/shop#dev', 2);
    const log = logger();
    await run(api, {}, log);
    expect(api.requests).toEqual(['component:default/shop#dev']);
    expect(log.info).toHaveBeenCalledWith(
      'A sync of component:default/shop#dev is running; asking again when it ends',
    );
  });

  it('can stop at Synced without waiting for health', async () => {
    const api = new FakeGitOps(['dev'], { outcome: { health: 'Progressing' } });
    const [app] = await run(api, { waitForHealthy: false });
    expect([app.syncStatus, app.health]).toEqual(['Synced', 'Progressing']);
    await expect(
      run(new FakeGitOps(['dev'], { outcome: { health: 'Progressing' } }), {
        timeoutMs: 30_000,
      }),
    ).rejects.toThrow(
      /not Synced and Healthy after 30 s: dev: Synced, Progressing/,
    );
  });

  it('fails with the application errors on timeout', async () => {
    const api = new FakeGitOps(['dev', 'prod'], {
      outcome: {
        syncStatus: 'Failed',
        health: 'Unknown',
        error: "Cluster 'big' is not configured",
        lastSync: { id: 'failed', result: 'Failed' } as any,
      },
    });
    await expect(run(api, { timeoutMs: 30_000 })).rejects.toThrow(
      "not Synced and Healthy after 30 s: dev: Failed, Unknown (Cluster 'big' is not configured); prod: Failed, Unknown (Cluster 'big' is not configured)",
    );
  });

  it('fails with the onboarding errors when the entity never gets applications', async () => {
    const api = new FakeGitOps(['dev'], {
      onboardAfter: 1000,
      errors: [
        {
          entityRef: 'component:default/shop',
          message: 'gitops.yaml not found',
        },
      ],
    });
    const log = logger();
    await expect(run(api, { timeoutMs: 10_000 }, log)).rejects.toThrow(
      'component:default/shop has no GitOps applications after 10 s: gitops.yaml not found',
    );
    expect(log.warn).toHaveBeenCalledWith(
      'Onboarding component:default/shop: gitops.yaml not found',
    );
    await expect(
      run(new FakeGitOps(['dev'], { onboardAfter: 1000 }), {
        timeoutMs: 5_000,
      }),
    ).rejects.toThrow(
      /no GitOps applications after 5 s \(is the entity in the catalog/,
    );
  });
});
