import { median, percentile, summarize } from './stats';

describe('stats', () => {
  it.each([
    [[5], 5],
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
  ])('median of %j is %d', (samples, expected) => {
    expect(median(samples)).toBe(expected);
  });

  it.each([
    [50, 10],
    [95, 19],
    [100, 20],
    [1, 1],
  ])('nearest-rank p%d of 1..20 is %d', (p, expected) => {
    const samples = Array.from({ length: 20 }, (_, i) => 20 - i);
    expect(percentile(samples, p)).toBe(expected);
  });

  it('summarizes without reordering the input', () => {
    const samples = [9, 1, 5];
    expect(summarize(samples)).toEqual({
      n: 3,
      median: 5,
      min: 1,
      max: 9,
      p95: 9,
    });
    expect(samples).toEqual([9, 1, 5]);
  });

  it('has no numbers for no samples', () => {
    expect(summarize([]).median).toBeNaN();
  });
});
