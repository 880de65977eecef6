import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import {
  AuthenticationError,
  ConflictError,
  InputError,
  NotFoundError,
} from '@backstage/errors';
import express, { Request, Router } from 'express';
import { createHash } from 'node:crypto';
import { audited } from '../audit';
import { GitOpsService } from '../GitOpsService';
import { replayMemoryEnd, signedDeliveryTime } from './deliveryTime';
import {
  isWebhookProvider,
  PROVIDER_SPECS,
  signedContent,
  verifySignature,
  WebhookProvider,
} from './providers';
import { readPushEvent } from './pushEvents';

/** Path prefix of the webhook receiver; it carries no Backstage auth, every delivery is signed. */
export const WEBHOOK_PATH = '/webhooks';
const MAX_BODY = '1mb';
const DELIVERY_ID = /^[\x21-\x7e]{1,200}$/;

export interface WebhookDeps {
  service: GitOpsService;
  auditor: AuditorService;
  logger: LoggerService;
  secrets: Partial<Record<WebhookProvider, string>>;
  /** How far a delivery's signed time may be from now (`gitops.webhooks.deliveryWindowSeconds`). */
  deliveryWindowMs: number;
}

/** GitHub can be set to send `payload=<json>` form bodies instead of JSON; both are signed as sent. */
function parsePayload(req: Request, rawBody: Buffer): unknown {
  let json = rawBody.toString('utf8');
  if (req.is('application/x-www-form-urlencoded')) {
    json = new URLSearchParams(json).get('payload') ?? '';
  }
  try {
    return JSON.parse(json);
  } catch {
    throw new InputError('payload: malformed JSON');
  }
}

/**
 * The replay key of one branch of a delivery: a hash of what the signature covers, so a replay
 * cannot dodge it by changing an unsigned header (the delivery id is not signed).
 */
function replayKey(
  provider: WebhookProvider,
  content: Buffer,
  branch: string,
): string {
  const hash = createHash('sha256')
    .update(provider)
    .update('\0')
    .update(content)
    .update('\0')
    .update(branch)
    .digest('hex');
  return `${provider}:${hash}`;
}

/**
 * POST /webhooks/:provider. Order matters: an unknown or unconfigured provider is 404 before any
 * body is read; the body is capped (413) before it is buffered; nothing is parsed before the
 * signature is verified on the exact raw bytes (with the signed headers, where the provider has
 * them) (401); then the delivery id (400), the payload (400), the signed time, which must lie
 * within the delivery window (401), and finally the service, which refuses signed content it has
 * seen before (replay, 409).
 */
export function registerWebhookRoutes(router: Router, deps: WebhookDeps): void {
  const { service, auditor, logger, secrets, deliveryWindowMs } = deps;

  const requireConfiguredProvider: express.RequestHandler = (
    req,
    _res,
    next,
  ) => {
    const provider = req.params.provider;
    if (!isWebhookProvider(provider) || !secrets[provider]) {
      throw new NotFoundError(`No webhook receiver for provider '${provider}'`);
    }
    next();
  };

  router.post(
    `${WEBHOOK_PATH}/:provider`,
    requireConfiguredProvider,
    express.raw({ type: '*/*', limit: MAX_BODY }),
    async (req, res) => {
      // Some providers (Gitea) can be set to send their own Authorization header. It is not a
      // Backstage token and must never be read as one (the auditor resolves the request's
      // credentials and would fail on it).
      delete req.headers.authorization;
      const provider = req.params.provider as WebhookProvider;
      const spec = PROVIDER_SPECS[provider];
      const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const timestamp = spec.timestampHeader
        ? req.get(spec.timestampHeader)
        : undefined;
      const signatureHeader = req.get(spec.signatureHeader);
      if (signatureHeader && spec.timestampHeader && !timestamp) {
        logger.warn(`Refused ${provider} webhook delivery: missing timestamp`);
        throw new AuthenticationError(`Missing ${spec.timestampHeader} header`);
      }
      const content = signedContent(provider, rawBody, name => req.get(name));
      const signature = verifySignature(
        provider,
        signatureHeader,
        content,
        secrets[provider]!,
      );
      if (signature !== 'valid') {
        logger.warn(
          `Refused ${provider} webhook delivery: ${signature} signature`,
        );
        throw new AuthenticationError(
          signature === 'missing'
            ? `Missing ${spec.signatureHeader} header`
            : 'Invalid webhook signature',
        );
      }

      const delivery = req.get(spec.deliveryHeader);
      if (!delivery || !DELIVERY_ID.test(delivery)) {
        throw new InputError(
          `${spec.deliveryHeader}: a delivery id header is required`,
        );
      }
      const payload = parsePayload(req, rawBody);
      const event = readPushEvent(
        provider,
        spec.eventHeader ? req.get(spec.eventHeader) : undefined,
        payload,
      );
      if (event.kind === 'ignored') {
        logger.debug(
          `Ignored ${provider} webhook delivery ${delivery}: ${event.reason}`,
        );
        res.status(202).json({ triggered: [] });
        return;
      }

      let rememberUntil: Date;
      try {
        rememberUntil = replayMemoryEnd(
          signedDeliveryTime(provider, payload, timestamp),
          new Date(),
          deliveryWindowMs,
        );
      } catch (error) {
        logger.warn(
          `Refused ${provider} webhook delivery ${delivery}: ${error}`,
        );
        throw error;
      }
      const deliveryId = `${provider}:${delivery}`;
      const triggered = await audited(
        auditor,
        {
          eventId: 'gitops-webhook',
          request: req,
          meta: {
            provider,
            deliveryId,
            repoUrl: event.repoUrl,
            branches: event.branches,
          },
        },
        () =>
          triggerPush(service, {
            repoUrl: event.repoUrl,
            branches: event.branches,
            deliveryId,
            replayKeyOf: branch => replayKey(provider, content, branch),
            rememberUntil,
          }),
        result => ({ triggered: result }),
      );
      res.status(202).json({ triggered });
    },
  );
}

/**
 * One handlePush per branch, each with its own replay key, so a provider retrying after a partial
 * failure still reaches the branches not yet handled. The delivery is a replay (409) only when
 * every branch reports one.
 */
async function triggerPush(
  service: GitOpsService,
  delivery: {
    repoUrl: string;
    branches: string[];
    deliveryId: string;
    replayKeyOf: (branch: string) => string;
    rememberUntil: Date;
  },
): Promise<string[]> {
  const triggered = new Set<string>();
  let replays = 0;
  for (const branch of delivery.branches) {
    const result = await service.handlePush({
      repoUrl: delivery.repoUrl,
      branch,
      deliveryId: delivery.deliveryId,
      replayKey: delivery.replayKeyOf(branch),
      rememberUntil: delivery.rememberUntil,
    });
    if (result.replay) replays += 1;
    result.triggered.forEach(id => triggered.add(id));
  }
  if (replays === delivery.branches.length)
    throw new ConflictError(
      `Delivery ${delivery.deliveryId} was already received (same signed content)`,
    );
  return [...triggered];
}
