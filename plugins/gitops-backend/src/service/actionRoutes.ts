import {
  gitopsRevertPermission,
  gitopsSuspendPermission,
  gitopsSyncPermission,
} from '@backstage-gitops/plugin-gitops-common';
import { ResourcePermission } from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import { Request, Router } from 'express';
import { z } from 'zod';
import { actorOf, audited } from './audit';
import { authorizeApplication } from './authorization';
import { Actor, QueuedRequest } from './GitOpsService';
import { authenticate, RouteDeps } from './routeDeps';
import {
  applicationIdSchema,
  emptyBodySchema,
  emptyQuerySchema,
  historyEntrySchema,
  parseInput,
  pinBodySchema,
  syncBodySchema,
} from './validation';

type Credentials = Awaited<ReturnType<typeof authenticate>>;

/**
 * One write action, already authenticated (a 401 records nothing) and validated. Inside an audit
 * event: check the permission on the owning entity, then call the service. A refused or failed
 * attempt is audited as failed; without an ALLOW the service is never reached.
 */
async function runAction<T>(
  deps: RouteDeps,
  req: Request,
  credentials: Credentials,
  spec: {
    action: string;
    permission: ResourcePermission<'catalog-entity'>;
    id: string;
    meta?: JsonObject;
    run: (actor: Actor) => Promise<T>;
    successMeta?: (result: T) => JsonObject;
  },
): Promise<T> {
  return audited(
    deps.auditor,
    {
      eventId: `gitops-${spec.action}`,
      request: req,
      meta: { applicationId: spec.id, ...spec.meta },
    },
    async () => {
      await authorizeApplication(deps, spec.permission, spec.id, credentials);
      return spec.run(actorOf(credentials));
    },
    spec.successMeta,
  );
}

/** Parses path, query and body of an action; input errors surface before auditing (nothing was attempted). */
function actionInput<S extends z.ZodTypeAny>(
  req: Request,
  bodySchema: S,
): { id: string; body: z.output<S> } {
  const { id } = parseInput(applicationIdSchema, req.params, 'path');
  parseInput(emptyQuerySchema, req.query, 'query');
  return { id, body: parseInput(bodySchema, req.body, 'body') };
}

const queuedMeta = (queued: QueuedRequest): JsonObject => ({
  requestId: queued.requestId ?? null,
  alreadyQueued: queued.alreadyQueued,
});

/**
 * The write routes: sync, refresh, suspend, resume, pin, unpin, revert. Each checks its permission
 * and read on the application's entity: a caller who may not read it gets 404, as for an unknown
 * id; one who may read it but not act gets 403. Both are audited as denied.
 */
export function registerActionRoutes(router: Router, deps: RouteDeps): void {
  const { service, httpAuth } = deps;

  router.post('/applications/:id/sync', async (req, res) => {
    const credentials = await authenticate(httpAuth, req);
    const { id, body } = actionInput(req, syncBodySchema);
    const queued = await runAction(deps, req, credentials, {
      action: 'sync',
      permission: gitopsSyncPermission,
      id,
      meta: { revision: body.revision, resourceCount: body.resources?.length },
      run: actor => service.requestSync(id, body, actor),
      successMeta: queuedMeta,
    });
    res.status(202).json({ applicationId: id, queued: true, ...queued });
  });

  router.post('/applications/:id/refresh', async (req, res) => {
    const credentials = await authenticate(httpAuth, req);
    const { id } = actionInput(req, emptyBodySchema);
    const queued = await runAction(deps, req, credentials, {
      action: 'refresh',
      permission: gitopsSyncPermission,
      id,
      run: actor => service.requestRefresh(id, actor),
      successMeta: queuedMeta,
    });
    res.status(202).json({ applicationId: id, queued: true, ...queued });
  });

  for (const [action, suspended] of [
    ['suspend', true],
    ['resume', false],
  ] as const) {
    router.post(`/applications/:id/${action}`, async (req, res) => {
      const credentials = await authenticate(httpAuth, req);
      const { id } = actionInput(req, emptyBodySchema);
      const summary = await runAction(deps, req, credentials, {
        action,
        permission: gitopsSuspendPermission,
        id,
        run: actor => service.setSuspended(id, suspended, actor),
      });
      res.status(200).json(summary);
    });
  }

  router.post('/applications/:id/pin', async (req, res) => {
    const credentials = await authenticate(httpAuth, req);
    const { id, body } = actionInput(req, pinBodySchema);
    const summary = await runAction(deps, req, credentials, {
      action: 'pin',
      permission: gitopsRevertPermission,
      id,
      meta: { revision: body.revision },
      run: actor => service.pin(id, body.revision, actor),
    });
    res.status(200).json(summary);
  });

  router.post('/applications/:id/unpin', async (req, res) => {
    const credentials = await authenticate(httpAuth, req);
    const { id } = actionInput(req, emptyBodySchema);
    const summary = await runAction(deps, req, credentials, {
      action: 'unpin',
      permission: gitopsRevertPermission,
      id,
      run: actor => service.unpin(id, actor),
    });
    res.status(200).json(summary);
  });

  router.post('/applications/:id/history/:syncId/revert', async (req, res) => {
    const credentials = await authenticate(httpAuth, req);
    const { id, syncId } = parseInput(historyEntrySchema, req.params, 'path');
    parseInput(emptyQuerySchema, req.query, 'query');
    parseInput(emptyBodySchema, req.body, 'body');
    const { revertCommit } = await runAction(deps, req, credentials, {
      action: 'revert',
      permission: gitopsRevertPermission,
      id,
      meta: { syncId },
      run: actor => service.revert(id, syncId, actor),
      successMeta: result => ({ revertCommit: result.revertCommit }),
    });
    res.status(202).json({ applicationId: id, revertCommit });
  });
}
