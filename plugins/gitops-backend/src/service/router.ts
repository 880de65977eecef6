import {
  AuditorService,
  HttpAuthService,
  HttpRouterServiceAuthPolicy,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import express from 'express';
import Router from 'express-promise-router';
import { registerActionRoutes } from './actionRoutes';
import { createErrorHandler } from './errorHandler';
import { GitOpsService } from './GitOpsService';
import { registerReadRoutes } from './readRoutes';
import { refuseMalformedPath, requireJsonBody } from './validation';
import { readDeliveryWindowMs } from './webhooks/deliveryTime';
import { readWebhookSecrets, WEBHOOK_PROVIDERS } from './webhooks/providers';
import { registerWebhookRoutes, WEBHOOK_PATH } from './webhooks/webhookRoutes';

export { WEBHOOK_PATH } from './webhooks/webhookRoutes';

/** Liveness probe of the plugin; no Backstage auth. */
export const HEALTH_PATH = '/health';

/** The router's routes that carry no Backstage auth, for `httpRouter.addAuthPolicy`. */
export const UNAUTHENTICATED_PATHS: HttpRouterServiceAuthPolicy[] = [
  { path: WEBHOOK_PATH, allow: 'unauthenticated' },
  { path: HEALTH_PATH, allow: 'unauthenticated' },
];

export interface RouterOptions {
  service: GitOpsService;
  logger: LoggerService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  /** Reads `gitops.webhooks.<provider>.secret` and `gitops.webhooks.deliveryWindowSeconds`. */
  config: Config;
}

/**
 * The GitOps REST API and webhook receiver. Routes are described in ./openapi.yaml; a test keeps
 * the two in step.
 * @alpha
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { service, logger, httpAuth, permissions, auditor, config } = options;
  const router = Router();
  router.use(refuseMalformedPath(() => routeTemplates(router)));

  // Webhooks first: they need the raw bytes for signature checks, so the JSON parser below must
  // not have consumed the body.
  const secrets = readWebhookSecrets(config);
  registerWebhookRoutes(router, {
    service,
    auditor,
    logger,
    secrets,
    deliveryWindowMs: readDeliveryWindowMs(config),
  });
  const enabled = WEBHOOK_PROVIDERS.filter(p => secrets[p]);
  logger.info(
    enabled.length
      ? `GitOps webhooks enabled for: ${enabled.join(', ')}`
      : 'GitOps webhooks disabled (no gitops.webhooks secrets)',
  );

  router.get(HEALTH_PATH, (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.use(requireJsonBody);
  router.use(express.json({ limit: '1mb' }));
  const deps = { service, httpAuth, permissions, auditor };
  registerReadRoutes(router, deps);
  registerActionRoutes(router, deps);

  router.use(createErrorHandler(logger));
  return router;
}

/** The path templates of the router's routes (`/applications/:id`), in registration order. */
function routeTemplates(router: express.Router): string[] {
  return (router.stack as Array<{ route?: { path: unknown } }>).flatMap(layer =>
    typeof layer.route?.path === 'string' ? [layer.route.path] : [],
  );
}
