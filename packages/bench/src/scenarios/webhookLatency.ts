/**
 * Scenario 4: commit → applied through the webhook receiver. The plugin's real router (webhook
 * route, HMAC check, replay store, handlePush, worker.wake) runs on a loopback HTTP server; each
 * sample commits one changed ConfigMap, posts a signed generic-provider delivery, and stops the
 * clock when the API server holds the new value.
 */
import {
  DefaultGitOpsService,
  createRouter,
  signDelivery,
} from '@backstage-gitops/plugin-gitops-backend/testUtils';
import {
  AuditorService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import express from 'express';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { benchConfig } from '../engine/replica';
import { preciseNow } from '../measure/clock';
import { summarize } from '../measure/stats';
import { ScenarioResult } from '../report/types';
import { round, ScenarioContext } from './context';
import { createLatencyFixture, sleep } from './latencyFixture';

const SECRET = 'bench-webhook-secret';

/** The webhook route audits through this; the other services belong to routes this scenario never calls. */
const auditor = {
  createEvent: async () => ({
    success: async () => undefined,
    fail: async () => undefined,
  }),
} as unknown as AuditorService;
const unused = new Proxy(
  {},
  {
    get: () => () => Promise.reject(new Error('not used by the webhook route')),
  },
);

export async function runWebhookLatency(
  ctx: ScenarioContext,
): Promise<ScenarioResult> {
  const samples = Number(ctx.params.samples ?? 20);
  const fixture = await createLatencyFixture(ctx, {
    label: 'webhook',
    intervalSeconds: 3600,
    pollIntervalMs: 60_000,
  });
  const { infra, replica } = fixture;
  const config = benchConfig(infra.info, {
    gitops: { webhooks: { generic: { secret: SECRET } } },
  });
  const service = new DefaultGitOpsService({
    store: fixture.db.store,
    integrations: ScmIntegrations.fromConfig(config),
    source: replica.source,
    wake: () => replica.worker.wake(),
  });
  const router = await createRouter({
    service,
    logger: replica.logger,
    httpAuth: unused as HttpAuthService,
    permissions: unused as PermissionsService,
    auditor,
    config,
  });
  const app = express().use('/api/gitops', router);
  const server = http.createServer(app);
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${
    (server.address() as AddressInfo).port
  }/api/gitops/webhooks/generic`;
  replica.worker.start();

  const appliedMs: number[] = [];
  const recordedMs: number[] = [];
  const problems: string[] = [];
  for (let i = 1; i <= samples; i++) {
    const value = `webhook-${i}`;
    const before = fixture.outcomes.length;
    await fixture.commitMarker(value);
    const applied = fixture.appliedAt(value, 30_000);
    const body = JSON.stringify({
      ref: 'refs/heads/main',
      repoUrl: infra.repoUrl(fixture.repo),
    });
    const t0 = preciseNow();
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...signDelivery('generic', body, SECRET, { id: randomUUID() }),
      },
      body,
    });
    if (response.status !== 202)
      problems.push(
        `sample ${i}: webhook answered ${
          response.status
        }: ${await response.text()}`,
      );
    try {
      appliedMs.push((await applied) - t0);
    } catch (error) {
      problems.push(`sample ${i}: ${error}`);
    }
    await fixture.reconciled(before + 1);
    recordedMs.push(fixture.outcomes[before].at - t0);
    const outcome = fixture.outcomes[before].outcome;
    if (
      outcome.sync?.trigger !== 'webhook' ||
      outcome.sync.counts.updated !== 1
    ) {
      problems.push(
        `sample ${i}: expected one webhook sync updating 1 object, got ${
          outcome.sync?.trigger
        } ${JSON.stringify(outcome.sync?.counts)}`,
      );
    }
    await sleep(100 + Math.random() * 200);
  }
  ctx.progress(
    `webhook: p50 ${round(summarize(appliedMs).median)} ms, p95 ${round(
      summarize(appliedMs).p95,
    )} ms over ${appliedMs.length} samples`,
  );
  problems.push(...replica.logger.problems);
  await new Promise(resolve => server.close(resolve));
  await fixture.dispose();

  const stats = summarize(appliedMs);
  return {
    id: 'webhook',
    title: 'Commit → applied via webhook',
    rows: [
      {
        scenario: `4. Commit → applied, webhook (${stats.n} samples)`,
        measure: 'latency p50',
        unit: 'ms',
        ours: stats,
        target: { kind: 'absolute', max: 1000, stat: 'median' },
      },
      {
        scenario: `4. Commit → applied, webhook (${stats.n} samples)`,
        measure: 'latency p95',
        unit: 'ms',
        ours: stats,
        show: 'p95',
        target: { kind: 'absolute', max: 2000, stat: 'p95' },
      },
    ],
    details: [
      {
        title: 'Scenario 4: where the time goes (ms from the webhook POST)',
        header: ['until', 'p50', 'p95', 'min', 'max'],
        rows: [
          [
            'API server holds the new object',
            round(stats.median),
            round(stats.p95),
            round(stats.min),
            round(stats.max),
          ],
          [
            'sync recorded and claim released',
            round(summarize(recordedMs).median),
            round(summarize(recordedMs).p95),
            round(summarize(recordedMs).min),
            round(summarize(recordedMs).max),
          ],
        ],
      },
    ],
    notes: [
      'Webhook path: the plugin router (`createRouter`) on a loopback HTTP server, generic provider, `x-gitops-signature: sha256=<HMAC of timestamp.delivery-id.body>`; the delivery queues a request and wakes the worker, which claims, fetches the new commit, renders, diffs and applies. The application has 20 objects, one of which changes per commit.',
    ],
    problems,
  };
}
