/**
 * Scenario 8: the history and overview queries on a big PostgreSQL database. A dedicated database
 * gets 5,000 applications and 1,000,000 sync rows (one SQL statement with generate_series), then
 * the store's own queries are timed: an application's history page (newest 50), an entity's
 * history page, and the overview counts. The database is dropped afterwards.
 */
import { measure } from '../measure/resources';
import { percentile, summarize } from '../measure/stats';
import { ResultRow, ScenarioResult } from '../report/types';
import { insertApplicationRows } from '../workload/applicationRows';
import { round, ScenarioContext } from './context';

const HOT_APP = 'component:default/svc-0000#env-0';

export async function runHistoryQueries(
  ctx: ScenarioContext,
): Promise<ScenarioResult> {
  if (ctx.params.db !== 'pg') {
    return {
      id: 'history',
      title: 'History queries',
      rows: [],
      details: [],
      notes: ['Skipped: scenario 8 needs PostgreSQL.'],
      problems: [],
    };
  }
  const rows = Number(ctx.params.rows ?? 1_000_000);
  const apps = Number(ctx.params.apps ?? 5000);
  const activeApps = Number(ctx.params.activeApps ?? 1000);
  const samples = Number(ctx.params.samples ?? 60);
  const db = await ctx.database('history');
  const { knex, store } = db;

  // app i belongs to entity svc-(i mod 1250): four environments per entity
  const appId = (i: number) =>
    `component:default/svc-${String(i % 1250).padStart(
      4,
      '0',
    )}#env-${Math.floor(i / 1250)}`;
  const setup = await measure('history-setup', async () => {
    await insertApplicationRows(knex, apps);
    // every tenth row belongs to one busy application; the rest spread over `activeApps`
    await knex.raw(
      `INSERT INTO gitops_sync_history (id, application_id, entity_ref, revision, commit, trigger, triggered_by, replica, started_at, finished_at, result, created, updated, unchanged, pruned, error, resources)
       SELECT gen_random_uuid()::text, app, split_part(app, '#', 1), rev,
              json_build_object('sha', rev, 'message', 'Change ' || g, 'author', 'Dev <dev@example.com>')::text,
              (ARRAY['poll','webhook','user','self-heal'])[1 + g % 4], CASE WHEN g % 4 = 2 THEN 'user:default/dev' END, 'replica-' || (g % 3),
              now() - g * interval '30 seconds', now() - g * interval '30 seconds' + interval '2 seconds',
              CASE WHEN g % 20 = 0 THEN 'Failed' ELSE 'Succeeded' END, g % 3, 1, 18, 0,
              CASE WHEN g % 20 = 0 THEN 'Deployment svc: admission webhook denied the request' END,
              '[{"group":"apps","kind":"Deployment","namespace":"ns","name":"svc","action":"updated"},{"group":"","kind":"ConfigMap","namespace":"ns","name":"svc-config","action":"updated"}]'
       FROM (SELECT g, md5(g::text) || substr(md5((g + 7)::text), 1, 8) AS rev,
                    CASE WHEN g % 10 = 0 THEN ? ELSE 'component:default/svc-' || lpad((((g / 10) % ?::int) % 1250)::text, 4, '0') || '#env-' || (((g / 10) % ?::int) / 1250) END AS app
             FROM generate_series(1, ?::int) AS g) AS s`,
      [HOT_APP, activeApps, activeApps, rows],
    );
    // what autovacuum does after a large insert: statistics, and the visibility map that lets
    // counts use index-only scans
    await knex.raw('VACUUM ANALYZE gitops_applications');
    await knex.raw('VACUUM ANALYZE gitops_sync_history');
  });
  ctx.progress(
    `${apps} applications and ${rows} history rows written in ${round(
      setup.wallMs,
    )} ms`,
  );

  const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)];
  const appIds = Array.from({ length: activeApps }, (_, i) => appId(i));
  const entityRefs = [...new Set(appIds.map(id => id.split('#')[0]))];
  const queries: Array<{ name: string; run: () => Promise<unknown> }> = [
    {
      name: 'app history page (newest 50)',
      run: () =>
        store.listHistory(
          { applicationId: pick(appIds) },
          { offset: 0, limit: 50 },
        ),
    },
    {
      name: 'entity history page (newest 50)',
      run: () =>
        store.listHistory(
          { entityRef: pick(entityRefs) },
          { offset: 0, limit: 50 },
        ),
    },
    { name: 'overview counts', run: () => store.countApplications({}) },
    {
      name: `busiest app history page (${(rows / 10).toLocaleString(
        'en-US',
      )} rows)`,
      run: () =>
        store.listHistory({ applicationId: HOT_APP }, { offset: 0, limit: 50 }),
    },
  ];
  const resultRows: ResultRow[] = [];
  const details: Array<Array<string | number>> = [];
  for (const query of queries) {
    for (let i = 0; i < 5; i++) await query.run(); // warm the pool and the plan cache
    const times: number[] = [];
    for (let i = 0; i < samples; i++)
      times.push((await measure(`history-${query.name}`, query.run)).wallMs);
    const stats = summarize(times);
    resultRows.push({
      scenario: `8. ${query.name}, ${rows.toLocaleString(
        'en-US',
      )} rows in all (${samples} samples)`,
      measure: 'latency p95',
      unit: 'ms',
      ours: stats,
      show: 'p95',
      target: { kind: 'absolute', max: 50, stat: 'p95' },
    });
    details.push([
      query.name,
      round(stats.median, 1),
      round(percentile(times, 95), 1),
      round(stats.max, 1),
    ]);
  }
  const first = await store.listHistory(
    { applicationId: HOT_APP },
    { offset: 0, limit: 50 },
  );
  const problems =
    first.items.length === 50 && first.totalCount >= rows / 10
      ? []
      : [
          `busiest app returned ${first.items.length} rows of ${first.totalCount}`,
        ];
  return {
    id: 'history',
    title: 'History and overview queries',
    rows: resultRows,
    details: [
      {
        title: `Scenario 8: query latency in ms (${samples} samples each, after 5 warm-up queries)`,
        header: ['query', 'p50', 'p95', 'max'],
        rows: details,
      },
    ],
    notes: [
      `Data: ${apps} applications (1,250 entities × 4 environments, mixed statuses, a 20-resource status each); ${rows.toLocaleString(
        'en-US',
      )} sync rows, one in ten for a single busy application and the rest spread over ${activeApps} applications (≈${Math.round(
        (rows * 0.9) / activeApps,
      )} each, ≈${Math.round(
        (rows * 0.9) / entityRefs.length,
      )} per entity). Queries are the store's own (\`listHistory\` with its total count, \`countApplications\`), through knex and the pg driver, against PostgreSQL on loopback, after \`VACUUM ANALYZE\` (what autovacuum does after a bulk insert).`,
    ],
    problems,
  };
}
