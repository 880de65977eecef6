import { memoryTrend, percentile, perMinute } from './metrics';

describe('soak metrics', () => {
  it.each([
    [[], 50, undefined],
    [[7], 95, 7],
    [[1, 2, 3, 4], 50, 2],
    [[4, 3, 2, 1], 95, 4],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95, 10],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50, 5],
    [[10, 20], 0, 10],
  ])('percentile(%j, %p) = %p', (values, p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });

  it('finds no growth in a flat series and the rate of a steady leak', () => {
    const mib = 1024 * 1024;
    const flat = Array.from({ length: 60 }, (_, i) => ({
      atMs: i * 10_000,
      rssBytes: 300 * mib + (i % 2) * mib,
    }));
    expect(memoryTrend(flat, 60_000)).toMatchObject({
      afterWarmUpMiB: 300,
      lastMinuteMiB: 300,
    });
    expect(Math.abs(memoryTrend(flat, 60_000)!.slopeMiBPerMinute)).toBeLessThan(
      0.2,
    );
    const leaking = Array.from({ length: 60 }, (_, i) => ({
      atMs: i * 10_000,
      rssBytes: (300 + i) * mib,
    }));
    expect(memoryTrend(leaking, 60_000)!.slopeMiBPerMinute).toBeCloseTo(6, 5);
    expect(memoryTrend(leaking.slice(0, 3), 60_000)).toBeUndefined();
  });

  it('counts per minute', () => {
    expect(perMinute(30, 120_000)).toBe(15);
    expect(perMinute(5, 0)).toBe(0);
  });
});
