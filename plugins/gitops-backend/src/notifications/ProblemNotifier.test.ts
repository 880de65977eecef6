import { mockServices } from '@backstage/backend-test-utils';
import { GitOpsStore } from '../database/GitOpsStore';
import { ApplicationRecord } from '../database/types';
import { ReconcileOutcome } from '../engine/reconciler';
import { testApplicationSpec } from '../testUtils/applications';
import { ProblemNotifier } from './ProblemNotifier';

const failedOutcome: ReconcileOutcome = {
  succeeded: false,
  revision: 'a'.repeat(40),
  state: { syncStatus: 'Failed', health: 'Healthy', error: 'bad manifest' },
};
const healthyOutcome: ReconcileOutcome = {
  succeeded: true,
  revision: 'a'.repeat(40),
  state: { syncStatus: 'Synced', health: 'Healthy' },
};

function setup(options: { send?: () => Promise<void> } = {}) {
  const saved: Array<[string, string | null]> = [];
  const store = {
    saveNotifiedState: async (id: string, state: string | null) =>
      void saved.push([id, state]),
  } as unknown as GitOpsStore;
  const notifications = {
    send: jest.fn(options.send ?? (async () => undefined)),
  };
  const notifier = new ProblemNotifier({
    store,
    notifications,
    logger: mockServices.logger.mock(),
  });
  const app = (overrides: Partial<ApplicationRecord> = {}) =>
    ({
      spec: testApplicationSpec({
        id: 'component:default/shop#dev',
        entityRef: 'component:default/shop',
      }),
      specHash: 'h',
      state: { syncStatus: 'Synced', health: 'Healthy' },
      ...overrides,
    } as ApplicationRecord);
  return { saved, notifications, notifier, app };
}

describe('ProblemNotifier', () => {
  it('sends a new problem to the owning entity, linked to its GitOps tab, and remembers it', async () => {
    const { saved, notifications, notifier, app } = setup();
    await notifier.onOutcome(app(), failedOutcome);
    expect(notifications.send).toHaveBeenCalledWith({
      recipients: { type: 'entity', entityRef: 'component:default/shop' },
      payload: expect.objectContaining({
        severity: 'high',
        link: '/catalog/default/component/shop/gitops',
        scope: 'gitops:component:default/shop#dev',
        description: expect.stringContaining('bad manifest'),
      }),
    });
    expect(saved).toEqual([
      ['component:default/shop#dev', expect.stringMatching(/^failed:a{40}:/)],
    ]);

    await notifier.onOutcome(
      app({ notifiedState: saved[0][1]! }),
      failedOutcome,
    );
    expect(notifications.send).toHaveBeenCalledTimes(1);
  });

  it('forgets the problem once the application is healthy again', async () => {
    const { saved, notifications, notifier, app } = setup();
    await notifier.onOutcome(
      app({ notifiedState: 'failed:x:y' }),
      healthyOutcome,
    );
    expect(saved).toEqual([['component:default/shop#dev', null]]);
    expect(notifications.send).not.toHaveBeenCalled();
  });

  it('tells nobody about applications without an owning entity', async () => {
    const { saved, notifications, notifier, app } = setup();
    await notifier.onOutcome(
      app({
        spec: testApplicationSpec({
          id: 'config:platform',
          entityRef: undefined,
          origin: 'config',
        }),
      }),
      failedOutcome,
    );
    expect(notifications.send).not.toHaveBeenCalled();
    expect(saved).toEqual([]);
  });

  it('does not retry an undeliverable notification on every reconcile', async () => {
    const { saved, notifier, app } = setup({
      send: async () =>
        Promise.reject(new Error('notifications backend missing')),
    });
    await expect(
      notifier.onOutcome(app(), failedOutcome),
    ).resolves.toBeUndefined();
    expect(saved).toHaveLength(1);
  });
});
