import { benchPlan } from './plan';

describe('benchPlan', () => {
  const full = benchPlan({ quick: false, only: [], db: 'pg', growth: true });

  it('meets the sample counts the targets are defined on', () => {
    const by = (name: string) =>
      full.filter(i => i.name === name && !i.group)[0].params;
    expect(by('sync').runs).toBeGreaterThanOrEqual(5);
    expect(by('sync').objects).toBe(500);
    expect(by('steady')).toMatchObject({ apps: 1000, runs: 5 });
    expect(Number(by('webhook').samples)).toBeGreaterThanOrEqual(20);
    expect(Number(by('poll').samples)).toBeGreaterThanOrEqual(5);
    expect(Number(by('history').samples)).toBeGreaterThanOrEqual(50);
    expect(by('history').rows).toBe(1_000_000);
    expect(by('git')).toMatchObject({ commits: 2000, files: 3000 });
  });

  it('measures the size series 100 → 1,000 → 5,000 objects', () => {
    expect(
      full.filter(i => i.group === 'sync-growth').map(i => i.params.objects),
    ).toEqual([100, 1000, 5000]);
  });

  it('filters by scenario and applies overrides', () => {
    const plan = benchPlan({
      quick: true,
      only: ['steady'],
      db: 'sqlite',
      growth: false,
      runs: 3,
      apps: 50,
    });
    expect(plan).toEqual([
      {
        name: 'steady',
        params: { db: 'sqlite', quick: true, runs: 3, apps: 50 },
      },
    ]);
  });
});
