import { durationBetween, formatDuration, formatRelative } from './time';

const NOW = Date.parse('2024-05-01T12:00:00Z');

describe('formatRelative', () => {
  it.each([
    [undefined, '—'],
    ['not a date', '—'],
    ['2024-05-01T12:00:02Z', 'just now'],
    ['2024-05-01T11:59:30Z', '30 s ago'],
    ['2024-05-01T11:58:00Z', '2 min ago'],
    ['2024-05-01T09:00:00Z', '3 h ago'],
    ['2024-04-28T12:00:00Z', '3 d ago'],
    ['2024-05-01T12:00:30Z', 'in 30 s'],
    ['2024-05-01T12:05:00Z', 'in 5 min'],
  ])('%s → %s', (iso, expected) => {
    expect(formatRelative(iso, NOW)).toBe(expected);
  });
});

describe('formatDuration', () => {
  it.each([
    [undefined, '—'],
    [-1, '—'],
    [850, '850 ms'],
    [12_345, '12.3 s'],
    [60_000, '1 min'],
    [245_000, '4 min 5 s'],
    [3_600_000, '1 h'],
    [3_720_000, '1 h 2 min'],
  ])('%s ms → %s', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });
});

describe('durationBetween', () => {
  it('is the difference of two ISO times', () => {
    expect(
      durationBetween('2024-05-01T12:00:00Z', '2024-05-01T12:00:04.500Z'),
    ).toBe(4500);
  });
  it('is undefined while the end is unknown', () => {
    expect(durationBetween('2024-05-01T12:00:00Z')).toBeUndefined();
  });
});
