import { summarize } from '../measure/stats';
import { describeTarget, formatValue, ratio, resultsTable } from './markdown';
import { meetsTarget, ResultRow } from './types';

const row = (
  ours: number[],
  peer: number[] | undefined,
  target: ResultRow['target'],
  extra: Partial<ResultRow> = {},
): ResultRow => ({
  scenario: 's',
  measure: 'wall time',
  unit: 'ms',
  ours: summarize(ours),
  peer: peer ? { name: 'kubectl', stats: summarize(peer) } : undefined,
  target,
  ...extra,
});

describe('formatValue', () => {
  it.each([
    [1.234, 'ms', '1.2 ms'],
    [123.4, 'ms', '123 ms'],
    [12_345, 'ms', '12.3 s'],
    [499.6, 'MB', '500 MB'],
    [0, 'requests', '0'],
    [NaN, 'ms', '—'],
  ] as const)('%d %s → %s', (value, unit, expected) => {
    expect(formatValue(value, unit)).toBe(expected);
  });
});

describe('targets', () => {
  it.each([
    [
      'ratio met',
      row([100, 110, 90], [300, 310, 290], { kind: 'ratio', max: 0.5 }),
      true,
      '0.33×',
    ],
    [
      'ratio missed',
      row([200], [300], { kind: 'ratio', max: 0.5 }),
      false,
      '0.67×',
    ],
    [
      'absolute on p95',
      row(
        [10, 10, 10, 60],
        undefined,
        { kind: 'absolute', max: 50, stat: 'p95' },
        { show: 'p95' },
      ),
      false,
      '—',
    ],
    [
      'absolute on every run',
      row(
        [0, 0, 0],
        undefined,
        { kind: 'absolute', max: 0, stat: 'max' },
        { unit: 'requests' },
      ),
      true,
      '—',
    ],
    ['no target', row([1], [2], undefined), undefined, '0.50×'],
  ])('%s', (_name, r, met, shownRatio) => {
    expect(meetsTarget(r)).toBe(met);
    expect(ratio(r)).toBe(shownRatio);
  });

  it('describes targets in words', () => {
    expect(describeTarget(row([1], [1], { kind: 'ratio', max: 0.25 }))).toBe(
      '≤ 0.25×',
    );
    expect(
      describeTarget(
        row([1], undefined, { kind: 'absolute', max: 2000, stat: 'p95' }),
      ),
    ).toBe('p95 ≤ 2000 ms');
  });
});

describe('resultsTable', () => {
  it('shows the median with min–max, the peer, and a missed target in bold', () => {
    const table = resultsTable([
      row([100, 300, 200], [250, 260, 240], { kind: 'ratio', max: 0.5 }),
    ]);
    const line = table.split('\n')[2];
    expect(line).toContain('200 ms (100 ms–300 ms)');
    expect(line).toContain('kubectl: 250 ms (240 ms–260 ms)');
    expect(line).toContain('0.80×');
    expect(line).toContain('**missed**');
  });

  it('escapes pipes inside cells', () => {
    expect(
      resultsTable([row([1], undefined, undefined, { scenario: 'a|b' })]),
    ).toContain('a\\|b');
  });
});
