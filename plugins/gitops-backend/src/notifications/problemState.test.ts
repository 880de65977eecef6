import { ResourceStatus } from '@backstage-gitops/plugin-gitops-common';
import { ApplicationState } from '../database/types';
import { decideNotification, DecisionInput } from './problemState';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

const resource = (
  name: string,
  overrides: Partial<ResourceStatus> = {},
): ResourceStatus => ({
  group: 'apps',
  version: 'v1',
  kind: 'Deployment',
  namespace: 'shop',
  name,
  syncStatus: 'Synced',
  health: 'Healthy',
  ...overrides,
});

const failed = (error: string): ApplicationState => ({
  syncStatus: 'Failed',
  health: 'Healthy',
  error,
});
const healthy: ApplicationState = {
  syncStatus: 'Synced',
  health: 'Healthy',
  revision: A,
};
const degraded: ApplicationState = {
  syncStatus: 'Synced',
  health: 'Degraded',
  revision: A,
  resources: [
    resource('web', {
      health: 'Degraded',
      healthMessage: 'progress deadline exceeded',
    }),
  ],
};
const drifted = (...names: string[]): ApplicationState => ({
  syncStatus: 'OutOfSync',
  health: 'Healthy',
  revision: A,
  message: `${names.length} resource(s) differ from Git (self-heal is off: drift is reported, not corrected)`,
  resources: [
    resource('ok'),
    ...names.map(n => resource(n, { syncStatus: 'OutOfSync' as const })),
  ],
});

function input(
  state: ApplicationState,
  options: {
    revision?: string;
    notified?: string;
    synced?: string;
    specChanged?: boolean;
  } = {},
): DecisionInput {
  return {
    app: {
      spec: { id: 'component:default/shop#dev', environment: 'dev' },
      notifiedState: options.notified,
      specHash: options.specChanged ? 'new' : 'h',
      syncedRevision: options.synced ?? A,
      syncedSpecHash: 'h',
    },
    outcome: { state, revision: 'revision' in options ? options.revision : A },
  };
}

/** The key a first notification stores, to feed the next reconcile of the same problem. */
function keyOf(
  state: ApplicationState,
  options: Parameters<typeof input>[1] = {},
): string {
  const decision = decideNotification(input(state, options));
  if (decision.action !== 'notify')
    throw new Error(`expected a notification, got ${decision.action}`);
  return decision.problem.key;
}

describe('decideNotification', () => {
  it.each<[string, DecisionInput, 'notify' | 'clear' | 'none', string?]>([
    ['a first failure notifies', input(failed('boom')), 'notify', 'failed'],
    [
      'the same failure on a retry does not',
      input(failed('boom'), { notified: keyOf(failed('boom')) }),
      'none',
    ],
    [
      'another error on the same commit does',
      input(failed('other')),
      'notify',
      'failed',
    ],
    [
      'the same error on a new commit does',
      input(failed('boom'), { revision: B, notified: keyOf(failed('boom')) }),
      'notify',
      'failed',
    ],
    [
      'a failure before the commit was known notifies once',
      input(failed('Git server answered HTTP 500'), {
        revision: undefined,
        notified: keyOf(failed('Git server answered HTTP 500'), {
          revision: undefined,
        }),
      }),
      'none',
    ],
    ['Degraded notifies', input(degraded), 'notify', 'degraded'],
    [
      'Degraded again on the same commit does not',
      input(degraded, { notified: keyOf(degraded) }),
      'none',
    ],
    [
      'Degraded on a new commit does',
      input(
        { ...degraded, revision: B },
        { revision: B, synced: B, notified: keyOf(degraded) },
      ),
      'notify',
      'degraded',
    ],
    [
      'a failure outranks Degraded',
      input({ ...failed('boom'), health: 'Degraded' }),
      'notify',
      'failed',
    ],
    [
      'drift on the synced commit notifies',
      input(drifted('web')),
      'notify',
      'drifted',
    ],
    [
      'the same drift again does not',
      input(drifted('web'), { notified: keyOf(drifted('web')) }),
      'none',
    ],
    [
      'more drifted resources notify again',
      input(drifted('web', 'db'), { notified: keyOf(drifted('web')) }),
      'notify',
      'drifted',
    ],
    [
      'a new commit awaiting a manual sync is not drift',
      input(drifted('web'), { revision: B }),
      'none',
    ],
    [
      'a changed spec awaiting a sync is not drift',
      input(drifted('web'), { specChanged: true }),
      'none',
    ],
    [
      'healthy and synced clears the last problem',
      input(healthy, { notified: keyOf(failed('boom')) }),
      'clear',
    ],
    ['healthy with nothing notified stays quiet', input(healthy), 'none'],
    [
      'Progressing keeps the last problem',
      input(
        { ...healthy, health: 'Progressing' },
        { notified: keyOf(degraded) },
      ),
      'none',
    ],
    // a rest parameter: rows without a kind must not make jest pass a `done` callback
  ])('%s', (...[, given, action, kind]) => {
    const decision = decideNotification(given);
    expect([
      decision.action,
      decision.action === 'notify' ? decision.problem.kind : undefined,
    ]).toEqual([action, kind]);
  });

  it('describes the problem for the owners', () => {
    const decision = decideNotification(input(degraded));
    expect(decision).toMatchObject({
      action: 'notify',
      problem: {
        severity: 'high',
        title: 'component:default/shop#dev is Degraded',
        description: expect.stringContaining(
          'Deployment web (progress deadline exceeded)',
        ),
      },
    });
    const failure = decideNotification(
      input(failed('apply of ConfigMap x refused')),
    );
    expect(failure).toMatchObject({
      problem: {
        description: `Syncing ${A.slice(
          0,
          7,
        )} failed: apply of ConfigMap x refused`,
      },
    });
  });

  it('keeps keys within the stored column size', () => {
    expect(keyOf(failed('x'.repeat(10_000))).length).toBeLessThanOrEqual(256);
    expect(
      keyOf(drifted(...Array.from({ length: 500 }, (_, i) => `r${i}`))).length,
    ).toBeLessThanOrEqual(256);
  });
});
