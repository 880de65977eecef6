import { retryDelayMs } from './backoff';

describe('retryDelayMs', () => {
  const retry = { limit: 5, initialBackoffSeconds: 5, maxBackoffSeconds: 60 };
  it.each([
    [1, 5_000],
    [2, 10_000],
    [3, 20_000],
    [4, 40_000],
    [5, 60_000],
    [12, 60_000],
  ])('failure %i waits %i ms without jitter', (failures, expected) => {
    expect(retryDelayMs(retry, failures, () => 0.5)).toBe(expected);
  });
  it('jitters within ±20%', () => {
    expect(retryDelayMs(retry, 1, () => 0)).toBe(4_000);
    expect(retryDelayMs(retry, 1, () => 1)).toBe(6_000);
  });
});
