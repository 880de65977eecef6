import { summarize } from '../measure/stats';
import {
  BEGIN,
  END,
  renderResults,
  RunRecord,
  spliceGenerated,
} from './document';

describe('spliceGenerated', () => {
  it('creates the block in a new file', () => {
    expect(spliceGenerated(undefined, 'table')).toBe(
      `${BEGIN}\n\ntable\n\n${END}\n`,
    );
  });

  it('replaces only what is between the markers', () => {
    const before = `# Title\n\nhand-written\n\n${BEGIN}\n\nold\n\n${END}\n\n## Reading\n\nkept\n`;
    const after = spliceGenerated(before, 'new');
    expect(after).toBe(
      `# Title\n\nhand-written\n\n${BEGIN}\n\nnew\n\n${END}\n\n## Reading\n\nkept\n`,
    );
  });

  it('appends the block when the markers are missing', () => {
    expect(spliceGenerated('# Title\n', 'x')).toBe(
      `# Title\n\n${BEGIN}\n\nx\n\n${END}\n`,
    );
  });
});

describe('renderResults growth tables', () => {
  const stats = (median: number) => summarize([median]);
  const syncRecord = (objects: number): RunRecord => ({
    item: {
      name: 'sync',
      group: 'sync-growth',
      params: { db: 'pg', quick: false, objects, runs: 1 },
    },
    wallMs: 1,
    result: {
      id: `sync-${objects}`,
      title: 'sync',
      rows: [
        {
          scenario: `1. First sync, ${objects} objects`,
          measure: 'wall time',
          unit: 'ms',
          ours: stats(objects * 2),
          peer: { name: 'kubectl', stats: stats(objects * 6) },
        },
        {
          scenario: `2. Re-sync, ${objects} objects`,
          measure: 'wall time',
          unit: 'ms',
          ours: stats(objects / 5),
          peer: { name: 'kubectl', stats: stats(objects * 6) },
        },
      ],
      details: [
        {
          title: 'cost',
          header: [
            'step',
            'client CPU ms',
            'client peak RSS MB',
            'requests by verb',
          ],
          rows: [
            [
              'engine, first sync',
              objects * 1.5,
              200 + objects / 100,
              `apply ${objects} · list 6`,
            ],
            ['kubectl, first apply', objects * 6, 56, `apply ${objects}`],
            ['engine, re-sync', objects / 10, 200, 'list 6'],
          ],
        },
      ],
      notes: [],
      problems: [],
    },
  });

  it('shows how CPU, memory and requests grow with the object count', () => {
    const text = renderResults([syncRecord(100), syncRecord(1000)], {
      startedAt: new Date('2026-11-23T00:00:00Z'),
      totalMs: 60_000,
      command: 'yarn bench',
      database: 'PostgreSQL',
      machine: {},
      load: { samples: [1.5] },
    });
    expect(text).toContain(
      '| objects | first sync CPU ms | CPU ms/object | process peak RSS MB | first sync requests by verb | re-sync CPU ms | re-sync requests by verb | kubectl apply CPU ms |',
    );
    expect(text).toContain(
      '| 100 | 150 | 1.50 | 201 | apply 100 · list 6 | 10 | list 6 | 600 |',
    );
    expect(text).toContain(
      '| 1000 | 1500 | 1.50 | 210 | apply 1000 · list 6 | 100 | list 6 | 6000 |',
    );
  });
});
