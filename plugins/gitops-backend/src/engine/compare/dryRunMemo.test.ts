import { IgnoreRule, normalizeForDiff } from '../diff';
import { DryRunMemo } from './dryRunMemo';

/** The fingerprint of a pair as the comparison takes it: both sides normalized first. */
const fingerprint = (desired: any, live: any, ignore: IgnoreRule[] = []) =>
  DryRunMemo.fingerprint(
    normalizeForDiff(desired, { ignore }),
    normalizeForDiff(live, { ignore }),
  );

const deployment = (cpu: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop', ...extra },
  spec: {
    template: {
      spec: { containers: [{ name: 'web', resources: { requests: { cpu } } }] },
    },
  },
});

describe('DryRunMemo', () => {
  it.each([
    [
      'the same pair',
      deployment('0.5'),
      deployment('500m'),
      deployment('0.5'),
      deployment('500m'),
      true,
    ],
    [
      'live status and server metadata changed',
      deployment('0.5'),
      deployment('500m'),
      deployment('0.5'),
      {
        ...deployment('500m', { resourceVersion: '99', managedFields: [{}] }),
        status: { replicas: 3 },
      },
      true,
    ],
    [
      'the desired object changed',
      deployment('0.5'),
      deployment('500m'),
      deployment('0.25'),
      deployment('500m'),
      false,
    ],
    [
      'the live object changed',
      deployment('0.5'),
      deployment('500m'),
      deployment('0.5'),
      deployment('400m'),
      false,
    ],
  ])(
    '%s: synced=%p',
    (_name, desired, live, laterDesired, laterLive, expected) => {
      const memo = new DryRunMemo();
      memo.rememberSynced('k', fingerprint(desired as any, live as any));
      expect(
        memo.isSynced('k', fingerprint(laterDesired as any, laterLive as any)),
      ).toBe(expected);
    },
  );

  it('ignores fields named by ignore rules on both sides', () => {
    const ignore = [{ kind: 'Deployment', jsonPointers: ['/spec/replicas'] }];
    const memo = new DryRunMemo();
    const desired = { ...deployment('1'), spec: { replicas: 2 } };
    memo.rememberSynced(
      'k',
      fingerprint(
        desired as any,
        { ...desired, spec: { replicas: 2 } } as any,
        ignore,
      ),
    );
    expect(
      memo.isSynced(
        'k',
        fingerprint(
          desired as any,
          { ...desired, spec: { replicas: 7 } } as any,
          ignore,
        ),
      ),
    ).toBe(true);
  });

  it('forgets the oldest entry beyond its bound, and on request', () => {
    const memo = new DryRunMemo(2);
    memo.rememberSynced('a', 'x');
    memo.rememberSynced('b', 'x');
    memo.rememberSynced('a', 'x');
    memo.rememberSynced('c', 'x');
    expect([
      memo.isSynced('a', 'x'),
      memo.isSynced('b', 'x'),
      memo.isSynced('c', 'x'),
    ]).toEqual([true, false, true]);
    memo.forget('a');
    expect(memo.size).toBe(1);
  });
});
