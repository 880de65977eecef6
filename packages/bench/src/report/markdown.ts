import { Stats } from '../measure/stats';
import { DetailTable, meetsTarget, ResultRow, ScenarioResult } from './types';

/** Formats a number the way the tables show it: ms with no decimals below 10 s, then seconds. */
export function formatValue(value: number, unit: ResultRow['unit']): string {
  if (!Number.isFinite(value)) return '—';
  if (unit === 'ms') {
    if (value >= 10_000) return `${(value / 1000).toFixed(1)} s`;
    return `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;
  }
  if (unit === 'MB') return `${Math.round(value)} MB`;
  return String(Math.round(value * 10) / 10);
}

function shown(row: ResultRow, stats: Stats): number {
  return row.show === 'p95' ? stats.p95 : stats.median;
}

function cell(row: ResultRow, stats: Stats): string {
  const value = formatValue(shown(row, stats), row.unit);
  if (stats.n <= 1 || stats.min === stats.max) return value;
  return `${value} (${formatValue(stats.min, row.unit)}–${formatValue(
    stats.max,
    row.unit,
  )})`;
}

export function describeTarget(row: ResultRow): string {
  const target = row.target;
  if (!target) return '—';
  if (target.kind === 'ratio') return `≤ ${target.max}×`;
  const what = { max: 'every run', p95: 'p95', p50: 'p50', median: 'p50' }[
    target.stat
  ];
  return `${what} ≤ ${formatValue(target.max, row.unit)}`;
}

export function ratio(row: ResultRow): string {
  if (!row.peer) return '—';
  const r = shown(row, row.ours) / shown(row, row.peer.stats);
  return Number.isFinite(r) ? `${r.toFixed(2)}×` : '—';
}

function verdict(row: ResultRow): string {
  const met = meetsTarget(row);
  if (met === undefined) return '';
  return met ? 'met' : '**missed**';
}

const escape = (text: string | number) => String(text).replace(/\|/g, '\\|');

export function markdownTable(
  header: string[],
  rows: Array<Array<string | number>>,
): string {
  const lines = [
    `| ${header.map(escape).join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
  ];
  for (const row of rows) lines.push(`| ${row.map(escape).join(' | ')} |`);
  return lines.join('\n');
}

/** The main table: one line per measured quantity, ours against the peer, with the target. */
export function resultsTable(rows: ResultRow[]): string {
  return markdownTable(
    [
      'scenario',
      'measure',
      'engine: median (min–max)',
      'peer: median (min–max)',
      'ratio',
      'target',
      'result',
    ],
    rows.map(row => [
      row.scenario,
      row.measure,
      cell(row, row.ours),
      row.peer ? `${row.peer.name}: ${cell(row, row.peer.stats)}` : '—',
      ratio(row),
      describeTarget(row),
      verdict(row),
    ]),
  );
}

export function detailTable(table: DetailTable): string {
  return `**${table.title}**\n\n${markdownTable(table.header, table.rows)}`;
}

/** Every scenario's secondary tables, notes and problems, in plan order. */
export function scenarioSections(results: ScenarioResult[]): string {
  const parts: string[] = [];
  for (const result of results) {
    const body: string[] = [];
    for (const table of result.details) body.push(detailTable(table));
    for (const note of result.notes) body.push(note);
    if (result.problems.length)
      body.push(
        `Problems seen in this scenario:\n\n${result.problems
          .slice(0, 20)
          .map(p => `- ${p}`)
          .join('\n')}`,
      );
    if (body.length) parts.push(`### ${result.title}\n\n${body.join('\n\n')}`);
  }
  return parts.join('\n\n');
}
