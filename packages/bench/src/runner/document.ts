import { ScenarioResult } from '../report/types';
import {
  markdownTable,
  resultsTable,
  scenarioSections,
} from '../report/markdown';
import { PlanItem } from './plan';

export const BEGIN =
  '<!-- bench:results:begin (written by `yarn bench`; edit outside these markers) -->';
export const END = '<!-- bench:results:end -->';

/**
 * Puts the generated section between the markers and keeps everything around it (the hand-written
 * reading of the numbers). A file without markers gets the section appended.
 */
export function spliceGenerated(
  existing: string | undefined,
  generated: string,
): string {
  const block = `${BEGIN}\n\n${generated.trim()}\n\n${END}`;
  if (!existing) return `${block}\n`;
  const begin = existing.indexOf(BEGIN);
  const end = existing.indexOf(END);
  if (begin < 0 || end < begin) return `${existing.trimEnd()}\n\n${block}\n`;
  return `${existing.slice(0, begin)}${block}${existing.slice(
    end + END.length,
  )}`;
}

export interface RunRecord {
  item: PlanItem;
  result?: ScenarioResult;
  error?: string;
  wallMs: number;
}

export interface RunContext {
  startedAt: Date;
  totalMs: number;
  command: string;
  database: string;
  machine: Record<string, string>;
  load: {
    samples: number[];
    othersCpuSeconds?: number;
    machineCpuSeconds?: number;
    ownCpuSeconds?: number;
    clusterCpuSeconds?: number;
  };
}

const median = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function loadLine(ctx: RunContext): string {
  const cores = Number(/× (\d+)/.exec(ctx.machine.CPU)?.[1] ?? 1);
  const { samples, othersCpuSeconds, machineCpuSeconds, clusterCpuSeconds } =
    ctx.load;
  const parts = [
    `1-minute load average during the run: median ${median(samples).toFixed(
      1,
    )}, max ${Math.max(...samples).toFixed(1)} on ${cores} cores`,
  ];
  if (othersCpuSeconds !== undefined && machineCpuSeconds) {
    parts.push(
      `other processes (not started by the suite, PostgreSQL included) used ${Math.round(
        othersCpuSeconds,
      )} of ${Math.round(machineCpuSeconds)} busy CPU-seconds`,
    );
  }
  if (clusterCpuSeconds !== undefined) {
    parts.push(
      `the Kubernetes control plane (etcd, kube-apiserver, controller-manager, scheduler, simulated nodes) used ${Math.round(
        clusterCpuSeconds,
      )}`,
    );
  }
  const busy =
    (othersCpuSeconds ?? 0) > 0.1 * (ctx.totalMs / 1000) ||
    median(samples) > cores;
  return `${parts.join('; ')}.${
    busy
      ? ' **Other processes were running**: absolute times are inflated and noisy; the ratios compare both sides under the same conditions (alternating order, same server).'
      : ''
  }`;
}

/** A figure from a scenario's detail tables, by its row's first cell and its column's header. */
function detail(
  result: ScenarioResult,
  rowLabel: string,
  column: string,
): string | number {
  for (const table of result.details) {
    const index = table.header.indexOf(column);
    const row = table.rows.find(r => r[0] === rowLabel);
    if (index >= 0 && row) return row[index];
  }
  return '—';
}

function growthTables(records: RunRecord[]): string {
  const out: string[] = [];
  const sync = records
    .filter(
      r =>
        r.result && (r.item.group === 'sync-growth' || r.item.name === 'sync'),
    )
    .sort(
      (a, b) => Number(a.item.params.objects) - Number(b.item.params.objects),
    );
  if (sync.length > 1) {
    const rows = sync.map(r => {
      const [first, again] = r.result!.rows;
      const n = Number(r.item.params.objects);
      return [
        n,
        r.item.params.runs,
        Math.round(first.ours.median),
        Math.round(first.peer!.stats.median),
        (first.ours.median / n).toFixed(2),
        Math.round(again.ours.median),
        Math.round(again.peer!.stats.median),
        (again.ours.median / n).toFixed(2),
      ];
    });
    const cost = sync.map(r => {
      const n = Number(r.item.params.objects);
      const cpu = detail(r.result!, 'engine, first sync', 'client CPU ms');
      return [
        n,
        cpu,
        typeof cpu === 'number' ? (cpu / n).toFixed(2) : '—',
        detail(r.result!, 'engine, first sync', 'client peak RSS MB'),
        detail(r.result!, 'engine, first sync', 'requests by verb'),
        detail(r.result!, 'engine, re-sync', 'client CPU ms'),
        detail(r.result!, 'engine, re-sync', 'requests by verb'),
        detail(r.result!, 'kubectl, first apply', 'client CPU ms'),
      ];
    });
    out.push(
      `**Growth, scenarios 1–2: engine CPU, memory and API requests (medians; requests of the last run)**\n\n${markdownTable(
        [
          'objects',
          'first sync CPU ms',
          'CPU ms/object',
          'process peak RSS MB',
          'first sync requests by verb',
          're-sync CPU ms',
          're-sync requests by verb',
          'kubectl apply CPU ms',
        ],
        cost,
      )}`,
    );
    out.push(
      `**Growth, scenarios 1–2 (medians, ms)**\n\n${markdownTable(
        [
          'objects',
          'runs',
          'engine first sync',
          'kubectl apply',
          'engine ms/object',
          'engine re-sync',
          'kubectl re-apply',
          'engine re-sync ms/object',
        ],
        rows,
      )}`,
    );
  }
  const steady = records
    .filter(r => r.result && r.item.name === 'steady')
    .sort((a, b) => Number(a.item.params.apps) - Number(b.item.params.apps));
  if (steady.length > 1) {
    const rows = steady.map(r => {
      const [round] = r.result!.rows;
      const n = Number(r.item.params.apps);
      return [
        n,
        r.item.params.runs,
        Math.round(round.ours.median),
        round.peer ? Math.round(round.peer.stats.median) : '—',
        (round.ours.median / n).toFixed(1),
        round.peer ? (round.peer.stats.median / n).toFixed(1) : '—',
        detail(r.result!, 'engine', 'client CPU ms'),
        detail(r.result!, 'engine', 'client peak RSS MB'),
        detail(r.result!, 'engine', 'per app'),
        detail(r.result!, 'engine', 'requests by verb'),
      ];
    });
    out.push(
      `**Growth, scenario 3 (one round, medians)**\n\n${markdownTable(
        [
          'apps',
          'runs',
          'engine ms',
          'kubectl diff ms',
          'engine ms/app',
          'kubectl ms/app',
          'engine CPU ms',
          'engine peak RSS MB',
          'API requests per app',
          'requests by verb',
        ],
        rows,
      )}`,
    );
  }
  return out.join('\n\n');
}

/** The generated part of docs/benchmarks.md. */
export function renderResults(records: RunRecord[], ctx: RunContext): string {
  const main = records.filter(r => r.result && !r.item.group);
  const failed = records.filter(r => r.error);
  const sections = [
    `## Results of the last run`,
    `\`${ctx.command}\` on ${ctx.startedAt
      .toISOString()
      .slice(0, 16)
      .replace('T', ' ')} UTC, ${Math.round(
      ctx.totalMs / 60000,
    )} min; database: ${ctx.database}.`,
    markdownTable(
      ['machine', ''],
      Object.entries(ctx.machine).map(([k, v]) => [k, v]),
    ),
    loadLine(ctx),
    resultsTable(main.flatMap(r => r.result!.rows)),
    failed.length
      ? `Scenarios that failed to run:\n\n${failed
          .map(
            r =>
              `- ${r.item.name} ${JSON.stringify(r.item.params)}: ${r.error}`,
          )
          .join('\n')}`
      : '',
    growthTables(records),
    `## Details of the last run`,
    scenarioSections(main.map(r => r.result!)),
  ];
  return sections.filter(Boolean).join('\n\n');
}
