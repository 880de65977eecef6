/**
 * Scenario 9: the /gitops overview page with 5,000 applications in Chromium. What runs: the
 * plugin's GitOpsOverviewPage bundled for production (page/index.tsx) inside a Backstage app
 * shell, its GitOpsClient calling the plugin's real router (list and counts routes, store,
 * PostgreSQL with 5,000 applications) on the same loopback server. Each sample is a fresh browser
 * context (empty cache): navigation start → the counts and the first page of rows are on screen.
 * Not included: the rest of a portal (sign-in, catalog, navigation), which a full app adds.
 */
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { launchBrowser } from '@internal/local-infra';
import {
  DefaultGitOpsService,
  GitRepositoryCache,
  createRouter,
} from '@backstage-gitops/plugin-gitops-backend/testUtils';
import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import express from 'express';
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { CollectingLogger } from '../engine/logger';
import { summarize } from '../measure/stats';
import { buildOverviewPage } from '../overview/buildPage';
import { ScenarioResult } from '../report/types';
import { insertApplicationRows } from '../workload/applicationRows';
import { round, ScenarioContext } from './context';

/** A signed-in user whom the permission policy allows everything: the unconditional, common case. */
const httpAuth = {
  credentials: async () => ({
    $$type: '@backstage/BackstageCredentials',
    principal: { type: 'user', userEntityRef: 'user:default/bench' },
  }),
} as unknown as HttpAuthService;
const permissions = {
  authorize: async (requests: unknown[]) =>
    requests.map(() => ({ result: AuthorizeResult.ALLOW })),
  authorizeConditional: async (requests: unknown[]) =>
    requests.map(() => ({ result: AuthorizeResult.ALLOW })),
} as unknown as PermissionsService;
const auditor = {
  createEvent: async () => ({
    success: async () => undefined,
    fail: async () => undefined,
  }),
} as unknown as AuditorService;

/** Set by the page itself: the first moment the counts and a full first page are in the DOM. */
const FIRST_SCREEN_PROBE = (expectedTotal: number) => `
  (() => {
    const done = () => {
      const rows = document.querySelectorAll('table[aria-label="Applications"] tbody tr').length;
      return rows >= 25 && document.body.innerText.includes('${expectedTotal} applications');
    };
    const observer = new MutationObserver(() => {
      if (window.__firstScreen === undefined && done()) {
        window.__firstScreen = performance.now();
        observer.disconnect();
      }
    });
    document.addEventListener('DOMContentLoaded', () => observer.observe(document.body, { childList: true, subtree: true, characterData: true }));
  })();
`;

export async function runOverviewPage(
  ctx: ScenarioContext,
): Promise<ScenarioResult> {
  const apps = Number(ctx.params.apps ?? 5000);
  const runs = ctx.params.runs;
  if (ctx.params.db !== 'pg') {
    return {
      id: 'overview',
      title: 'Overview page',
      rows: [],
      details: [],
      notes: [
        'Skipped: scenario 9 uses PostgreSQL for the 5,000 applications.',
      ],
      problems: [],
    };
  }
  const db = await ctx.database('overview');
  await insertApplicationRows(db.knex, apps);
  await db.knex.raw('VACUUM ANALYZE gitops_applications');
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-bench-page-'));
  const bundle = await buildOverviewPage(outDir);

  const logger = new CollectingLogger();
  const config = new ConfigReader({});
  const integrations = ScmIntegrations.fromConfig(config);
  const service = new DefaultGitOpsService({
    store: db.store,
    integrations,
    // the page only reads; no pin ever asks Git
    source: new GitRepositoryCache({
      cacheDir: path.join(outDir, 'git'),
      integrations,
    }),
    wake: () => undefined,
  });
  const router = await createRouter({
    service,
    logger,
    httpAuth,
    permissions,
    auditor,
    config,
  });
  const apiTimes: number[] = [];
  const app = express()
    .use('/api/gitops', (_req, res, next) => {
      const t0 = performance.now();
      res.on('finish', () => apiTimes.push(performance.now() - t0));
      next();
    })
    .use('/api/gitops', router)
    .use('/static', express.static(outDir))
    .get('*', (_req, res) => res.sendFile(path.join(outDir, 'index.html')));
  const server = http.createServer(app);
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${
    (server.address() as AddressInfo).port
  }/gitops`;

  const browser = await launchBrowser();
  const firstScreen: number[] = [];
  const problems: string[] = [];
  try {
    // one unmeasured load: the server's code paths and the database's caches are warm, as in a running portal
    for (let run = 0; run <= runs; run++) {
      const context = await browser.newContext({
        viewport: { width: 1440, height: 900 },
      });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', error => errors.push(String(error)));
      await page.addInitScript(FIRST_SCREEN_PROBE(apps));
      apiTimes.length = 0;
      await page.goto(url);
      try {
        await page.waitForFunction(
          () => (window as any).__firstScreen !== undefined,
          undefined,
          { timeout: 30_000 },
        );
        const ms = await page.evaluate(
          () => (window as any).__firstScreen as number,
        );
        if (run > 0) firstScreen.push(ms);
      } catch (error) {
        problems.push(
          `run ${run}: first screen not reached: ${
            String(error).split('\n')[0]
          } ${errors.join('; ')}`,
        );
      }
      await context.close();
    }
  } finally {
    await browser.close();
    await new Promise(resolve => server.close(resolve));
    fs.rmSync(outDir, { recursive: true, force: true });
  }
  const stats = summarize(firstScreen);
  ctx.progress(
    `overview: first screen ${round(stats.median)} ms (median of ${stats.n})`,
  );
  return {
    id: 'overview',
    title: `Overview page, ${apps} applications`,
    rows: [
      {
        scenario: `9. Overview page, ${apps} apps, Chromium (cold cache)`,
        measure: 'first screen',
        unit: 'ms',
        ours: stats,
        target: { kind: 'absolute', max: 1500, stat: 'median' },
      },
    ],
    details: [],
    notes: [
      `Measured: navigation start → the "${apps} applications" counts and the first 25 rows in the DOM (a MutationObserver in the page), fresh browser context per sample (nothing cached), after one unmeasured warm-up load. The page is the plugin's \`GitOpsOverviewPage\` bundled for production with esbuild (${
        bundle.files
      } files, ${Math.round(
        bundle.bytes / 1024,
      )} KiB, the page itself a lazily loaded chunk) inside a Backstage app shell (\`wrapInTestApp\`), calling the real router (list + counts over ${apps} applications in PostgreSQL) on the same loopback server. Not included: the rest of a portal (sign-in, catalog, sidebar). Server time of the page's API calls in the last sample: ${
        apiTimes.map(t => `${round(t)} ms`).join(', ') || '—'
      }.`,
    ],
    problems: [...problems, ...logger.problems],
  };
}
