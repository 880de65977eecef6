import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrationRegistry } from '@backstage/integration';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import request from 'supertest';
import { GitOpsStore } from '../../database/GitOpsStore';
import { DefaultGitOpsService } from '../../service/DefaultGitOpsService';
import {
  FakeAuditor,
  FakePermissions,
} from '../../service/__testUtils__/routerTestKit';
import { createRouter } from '../../service/router';
import { signDelivery } from '../../service/webhooks/providers';
import { CommitSource } from '../../service/DefaultGitOpsService';
import { RecordingLogger } from './recordingLogger';

export const WEBHOOK_SECRET = 'r3silience-webhook-signing-key';
export const USER = mockCredentials.user.header('user:default/alice');

type Decision =
  | AuthorizeResult.ALLOW
  | AuthorizeResult.DENY
  | AuthorizeResult.CONDITIONAL;

/**
 * The plugin's router on a real store and service, as the backend wires it, with Backstage auth
 * and permissions mocked: what a caller can do through HTTP, and what it leaves behind.
 */
export async function createRouterApp(options: {
  store: GitOpsStore;
  integrations: ScmIntegrationRegistry;
  /** The replica's Git cache: pins are checked against the remote through it. */
  source: CommitSource;
  wake?: () => void;
  decisions?: Record<string, Decision>;
}) {
  const logger = new RecordingLogger();
  const service = new DefaultGitOpsService({
    store: options.store,
    integrations: options.integrations,
    source: options.source,
    wake: options.wake ?? (() => {}),
  });
  const httpAuth = mockServices.httpAuth({
    defaultCredentials: mockCredentials.none(),
  });
  const permissions = new FakePermissions(options.decisions);
  const auditor = new FakeAuditor(httpAuth);
  const router = await createRouter({
    service,
    logger,
    httpAuth,
    permissions,
    auditor,
    config: new ConfigReader({
      gitops: { webhooks: { generic: { secret: WEBHOOK_SECRET } } },
    }),
  });
  const app = express().use(router);
  return { app, service, permissions, auditor, logger };
}

/** A generic-provider push delivery, signed with the suite's webhook secret unless told otherwise. */
export function deliverPush(
  app: express.Express,
  body: string,
  options: {
    deliveryId?: string | null;
    signature?: string | null;
    contentType?: string;
  } = {},
) {
  const req = request(app)
    .post('/webhooks/generic')
    .set('content-type', options.contentType ?? 'application/json');
  const deliveryId =
    options.deliveryId === undefined
      ? `delivery-${Math.random().toString(36).slice(2)}`
      : options.deliveryId;
  const signed = signDelivery('generic', body, WEBHOOK_SECRET, {
    id: deliveryId ?? '',
  });
  req.set('x-gitops-timestamp', signed['x-gitops-timestamp']);
  const signature =
    options.signature === undefined
      ? signed['x-gitops-signature']
      : options.signature;
  if (signature !== null) req.set('x-gitops-signature', signature);
  if (deliveryId !== null) req.set('x-gitops-delivery', deliveryId);
  return req.send(body);
}

export const pushBody = (repoUrl: string, ref = 'refs/heads/main') =>
  JSON.stringify({ repoUrl, ref });
