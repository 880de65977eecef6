import { TestDatabases } from '@backstage/backend-test-utils';
import { createHmac, randomUUID } from 'node:crypto';
import request from 'supertest';
import {
  configMapYaml,
  ONBOARDING_TASK,
  startWithOneApplication,
  useInfrastructure,
  userAuth,
  waitFor,
} from './__testUtils__/testBackend';

jest.setTimeout(180_000);

const SECRET = 'github-webhook-secret';
const sign = (body: string, secret = SECRET) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

interface HistoryItem {
  id: string;
  trigger: string;
  revision: string;
  result: string;
  startedAt: string;
}

/**
 * The push webhook end to end: a signed GitHub delivery wakes the worker, whose own poll interval
 * (60 s) and the application's interval (1 h) are far too long to explain a prompt sync.
 */
describe('gitops plugin: push webhooks', () => {
  const databases = TestDatabases.create();
  const infra = useInfrastructure();

  it.each(databases.eachSupportedId())(
    'syncs on a signed push at once (not at its interval), and refuses forged, replayed and oversized deliveries, %p',
    async databaseId => {
      const { gitops, name, id } = await startWithOneApplication({
        databases,
        databaseId,
        infra,
        base: 'pushed',
        config: { gitops: { webhooks: { github: { secret: SECRET } } } },
      });
      const api = request(gitops.server);
      const history = async (): Promise<HistoryItem[]> =>
        (
          await api
            .get(`/api/gitops/applications/${encodeURIComponent(id)}/history`)
            .set('Authorization', userAuth())
        ).body.items;
      await gitops.runTask(ONBOARDING_TASK);
      await waitFor('the first sync', async () =>
        (await history()).some(h => h.result === 'Succeeded')
          ? true
          : undefined,
      );

      const deliver = (
        body: string,
        headers: { signature?: string; delivery?: string } = {},
      ) =>
        api
          .post('/api/gitops/webhooks/github')
          .set('Content-Type', 'application/json')
          .set('X-GitHub-Event', 'push')
          .set('X-GitHub-Delivery', headers.delivery ?? randomUUID())
          .set('X-Hub-Signature-256', headers.signature ?? sign(body))
          .send(body); // a string: sent byte for byte, as signed
      // as GitHub sends it: the push time is in the signed payload
      const pushOf = (after: string, pushedAt = new Date()) =>
        JSON.stringify({
          ref: 'refs/heads/main',
          after,
          repository: {
            clone_url: infra.git.repoUrl(name),
            html_url: infra.git.repoUrl(name),
            pushed_at: Math.floor(pushedAt.getTime() / 1000),
          },
        });

      // a signed push: accepted, and the sync of the new commit starts long before the application's
      // interval would start one (the latency target lives in the benchmark suite)
      const first = await infra.git.commit(name, {
        write: {
          'envs/dev/settings.yaml': configMapYaml('settings', name, 'v2'),
        },
      });
      const firstBody = pushOf(first);
      const firstDelivery = randomUUID();
      const sentAt = Date.now();
      const accepted = await deliver(firstBody, { delivery: firstDelivery });
      const acceptedAt = Date.now();
      expect([accepted.status, accepted.body]).toEqual([
        202,
        { triggered: [id] },
      ]);
      const started = await waitFor(
        'the webhook-triggered sync',
        async () =>
          (
            await history()
          ).find(h => h.trigger === 'webhook' && h.revision === first),
        20_000,
        10,
      );
      const latencyMs = Date.parse(started.startedAt) - sentAt;
      // eslint-disable-next-line no-console -- the measured latency is part of the acceptance report
      console.info(
        `[${databaseId}] webhook → 202 in ${
          acceptedAt - sentAt
        } ms; → sync of ${first.slice(0, 7)} started after ${latencyMs} ms`,
      );
      await waitFor('the webhook-triggered sync to finish', async () =>
        (await history()).find(h => h.id === started.id)?.result === 'Succeeded'
          ? true
          : undefined,
      );
      expect(
        (await infra.kube.cluster.get('v1', 'ConfigMap', name, 'settings'))
          ?.data,
      ).toEqual({ value: 'v2' });

      // a second commit is waiting; nothing below may get it synced
      const pending = await infra.git.commit(name, {
        write: {
          'envs/dev/settings.yaml': configMapYaml('settings', name, 'v3'),
        },
      });
      const deliveries = async () =>
        Number(
          (await gitops.knex('gitops_webhook_deliveries').count({ n: '*' }))[0]
            .n,
        );
      const recorded = await deliveries();
      const expectNothingTriggered = async (label: string) => {
        const row = await gitops
          .knex('gitops_applications')
          .where('id', id)
          .first('request', 'claimed_by');
        // a triggered reconcile is visible at every moment: queued, claimed, or recorded in history
        expect([
          label,
          row.request,
          row.claimed_by,
          (await history()).some(h => h.revision === pending),
          await deliveries(),
        ]).toEqual([label, null, null, false, recorded]);
      };

      const forged = await deliver(pushOf(pending), {
        signature: sign(pushOf(pending), 'not-the-secret'),
      });
      expect(forged.status).toBe(401);
      await expectNothingTriggered('bad signature');

      const replay = await deliver(firstBody, { delivery: firstDelivery });
      expect(replay.status).toBe(409);
      await expectNothingTriggered('replay');

      // the delivery id header is not signed: a replay under a new one is still a replay
      const renamed = await deliver(firstBody, { delivery: randomUUID() });
      expect([renamed.status, renamed.body.error?.message]).toEqual([
        409,
        expect.stringContaining('was already received (same signed content)'),
      ]);
      await expectNothingTriggered('replay under a new delivery id');

      // a validly signed delivery captured 10 minutes ago is outside the window
      const stale = await deliver(
        pushOf(pending, new Date(Date.now() - 10 * 60_000)),
      );
      expect([stale.status, stale.body.error?.message]).toEqual([
        401,
        expect.stringContaining('is outside the accepted window of 300 s'),
      ]);
      await expectNothingTriggered('a stale delivery');

      const huge = JSON.stringify({
        ref: 'refs/heads/main',
        after: pending,
        repository: { clone_url: infra.git.repoUrl(name) },
        padding: 'x'.repeat(10 * 1024 * 1024),
      });
      const oversized = await deliver(huge);
      expect(oversized.status).toBe(413);
      await expectNothingTriggered('10 MB body');

      expect(
        (await infra.kube.cluster.get('v1', 'ConfigMap', name, 'settings'))
          ?.data,
      ).toEqual({ value: 'v2' });
      await gitops.stop();
    },
  );
});
