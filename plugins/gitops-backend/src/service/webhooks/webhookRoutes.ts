import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import {
  AuthenticationError,
  ConflictError,
  InputError,
  NotFoundError,
} from '@backstage/errors';
import express, { Request, Router } from 'express';
import { audited } from '../audit';
import { GitOpsService } from '../GitOpsService';
import {
  isWebhookProvider,
  PROVIDER_SPECS,
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
 * POST /webhooks/:provider. Order matters: an unknown or unconfigured provider is 404 before any
 * body is read; the body is capped (413) before it is buffered; nothing is parsed before the
 * signature is verified on the exact raw bytes (401); then the delivery id (400), the payload
 * (400), and finally the service, which refuses a delivery id seen before (replay, 409).
 */
export function registerWebhookRoutes(router: Router, deps: WebhookDeps): void {
  const { service, auditor, logger, secrets } = deps;

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

      const signature = verifySignature(
        provider,
        req.get(spec.signatureHeader),
        rawBody,
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
      const event = readPushEvent(
        provider,
        spec.eventHeader ? req.get(spec.eventHeader) : undefined,
        parsePayload(req, rawBody),
      );
      if (event.kind === 'ignored') {
        logger.debug(
          `Ignored ${provider} webhook delivery ${delivery}: ${event.reason}`,
        );
        res.status(202).json({ triggered: [] });
        return;
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
        () => triggerPush(service, event.repoUrl, event.branches, deliveryId),
        result => ({ triggered: result }),
      );
      res.status(202).json({ triggered });
    },
  );
}

/**
 * One handlePush per branch. A delivery naming several branches (Bitbucket) gets one delivery id
 * per branch, so a provider retrying after a partial failure still reaches the branches not yet
 * handled. The delivery is a replay (409) only when every branch reports one.
 */
async function triggerPush(
  service: GitOpsService,
  repoUrl: string,
  branches: string[],
  deliveryId: string,
): Promise<string[]> {
  const triggered = new Set<string>();
  let replays = 0;
  for (const branch of branches) {
    const result = await service.handlePush({
      repoUrl,
      branch,
      deliveryId:
        branches.length === 1 ? deliveryId : `${deliveryId}:${branch}`,
    });
    if (result.replay) replays += 1;
    result.triggered.forEach(id => triggered.add(id));
  }
  if (replays === branches.length)
    throw new ConflictError(`Delivery ${deliveryId} was already received`);
  return [...triggered];
}
