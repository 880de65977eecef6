import { ConfigReader } from '@backstage/config';
import {
  readDeliveryWindowMs,
  replayMemoryEnd,
  signedDeliveryTime,
  UNTIMED_DELIVERY_MEMORY_MS,
} from './deliveryTime';
import { WebhookProvider } from './providers';

const PUSHED = 1767225600; // 2026-01-01T00:00:00Z
const ISO = '2026-01-01T00:00:00.000Z';

describe('signedDeliveryTime', () => {
  it.each<[string, WebhookProvider, unknown, string | undefined, string]>([
    [
      'GitHub repository.pushed_at',
      'github',
      { repository: { pushed_at: PUSHED } },
      undefined,
      ISO,
    ],
    [
      'Bitbucket Server date with a +hhmm offset',
      'bitbucket',
      { date: '2026-01-01T10:00:00+1000' },
      undefined,
      ISO,
    ],
    ['the generic timestamp header', 'generic', {}, String(PUSHED), ISO],
  ])('reads %s', (_label, provider, payload, header, expected) => {
    expect(signedDeliveryTime(provider, payload, header)?.toISOString()).toBe(
      expected,
    );
  });

  it.each<WebhookProvider>(['gitea', 'gitlab'])(
    'has no signed time for %s (its payload carries none)',
    provider => {
      expect(
        signedDeliveryTime(
          provider,
          { repository: { pushed_at: PUSHED } },
          '1',
        ),
      ).toBeUndefined();
    },
  );

  it.each<[string, WebhookProvider, unknown, string | undefined, string]>([
    [
      'a GitHub push without pushed_at',
      'github',
      { repository: {} },
      undefined,
      'repository.pushed_at: missing in the signed delivery',
    ],
    [
      'a GitHub pushed_at that is no time',
      'github',
      { repository: { pushed_at: 'yesterday' } },
      undefined,
      'repository.pushed_at: not a time in the signed delivery',
    ],
    [
      'a Bitbucket event without date',
      'bitbucket',
      {},
      undefined,
      'date: missing in the signed delivery',
    ],
    [
      'a generic timestamp in milliseconds-like garbage',
      'generic',
      {},
      '1767225600.5',
      'x-gitops-timestamp: not a time in the signed delivery',
    ],
  ])('refuses %s with 400', (_label, provider, payload, header, message) => {
    expect(() => signedDeliveryTime(provider, payload, header)).toThrow(
      message,
    );
  });
});

describe('replayMemoryEnd', () => {
  const now = new Date(ISO);
  const windowMs = 300_000;
  const seconds = (s: number) => new Date(now.getTime() + s * 1000);

  it.each([
    ['just signed', 0],
    ['signed 5 minutes ago', -300],
    ['signed 5 minutes ahead (clock skew)', 300],
  ])(
    'accepts a delivery %s, remembered until its time plus the window',
    (_label, offset) => {
      expect(replayMemoryEnd(seconds(offset), now, windowMs)).toEqual(
        seconds(offset + 300),
      );
    },
  );

  it.each([
    ['signed 5 minutes and 1 second ago', -301],
    ['signed a day ago', -86_400],
    ['signed 6 minutes ahead', 360],
  ])('refuses a delivery %s with 401', (_label, offset) => {
    expect(() => replayMemoryEnd(seconds(offset), now, windowMs)).toThrow(
      expect.objectContaining({
        name: 'AuthenticationError',
        message: expect.stringContaining(
          'is outside the accepted window of 300 s',
        ),
      }),
    );
  });

  it('remembers a delivery without a signed time for a day', () => {
    expect(replayMemoryEnd(undefined, now, windowMs)).toEqual(
      new Date(now.getTime() + UNTIMED_DELIVERY_MEMORY_MS),
    );
  });
});

describe('readDeliveryWindowMs', () => {
  it('defaults to 5 minutes and reads gitops.webhooks.deliveryWindowSeconds', () => {
    expect(readDeliveryWindowMs(new ConfigReader({}))).toBe(300_000);
    expect(
      readDeliveryWindowMs(
        new ConfigReader({
          gitops: { webhooks: { deliveryWindowSeconds: 60 } },
        }),
      ),
    ).toBe(60_000);
  });

  it('refuses a window that is not positive', () => {
    expect(() =>
      readDeliveryWindowMs(
        new ConfigReader({
          gitops: { webhooks: { deliveryWindowSeconds: 0 } },
        }),
      ),
    ).toThrow('must be a positive number of seconds');
  });
});
