import { gitopsReadPermission } from '@backstage-gitops/plugin-gitops-common';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import { Request, Router } from 'express';
import { auditedDenial } from './audit';
import { authorizeApplication, authorizeEntity } from './authorization';
import {
  countReadableApplications,
  listReadableApplications,
} from './readableApplications';
import { authenticate, RouteDeps } from './routeDeps';
import {
  applicationIdSchema,
  countsQuerySchema,
  emptyQuerySchema,
  entityPathSchema,
  listQuerySchema,
  pageQuerySchema,
  parseInput,
} from './validation';

/**
 * The read-only routes; every one checks gitops.application.read. A refused read is audited
 * (`gitops-read`, failed, denied); an application the caller may not read answers 404, as an
 * unknown one does.
 */
export function registerReadRoutes(router: Router, deps: RouteDeps): void {
  const { service, httpAuth, permissions, auditor } = deps;
  const guarded = <T>(
    req: Request,
    meta: JsonObject,
    check: () => Promise<T>,
  ) =>
    auditedDenial(
      auditor,
      { eventId: 'gitops-read', request: req, meta },
      check,
    );
  type Credentials = Awaited<ReturnType<typeof authenticate>>;

  /** The application a route names, once the caller may read it (404 otherwise). */
  const readableApplication = async (
    req: Request,
    credentials: Credentials,
  ) => {
    const { id } = parseInput(applicationIdSchema, req.params, 'path');
    await guarded(req, { applicationId: id }, () =>
      authorizeApplication(deps, gitopsReadPermission, id, credentials),
    );
    return id;
  };

  /** The entity a route names, once the caller may read its applications (403 otherwise). */
  const readableEntity = async (req: Request, credentials: Credentials) => {
    const entityRef = stringifyEntityRef(
      parseInput(entityPathSchema, req.params, 'path'),
    );
    await guarded(req, { entityRef }, () =>
      authorizeEntity(
        permissions,
        gitopsReadPermission,
        entityRef,
        credentials,
      ),
    );
    return entityRef;
  };

  router.get('/applications', async (req, res) => {
    const credentials = await authenticate(httpAuth, req);
    const query = parseInput(listQuerySchema, req.query, 'query');
    res.json(
      await guarded(req, { route: 'list' }, () =>
        listReadableApplications(deps, query, credentials),
      ),
    );
  });

  // Registered before /applications/:id so "counts" is never read as an id.
  router.get('/applications/counts', async (req, res) => {
    const credentials = await authenticate(httpAuth, req);
    const query = parseInput(countsQuerySchema, req.query, 'query');
    res.json(
      await guarded(req, { route: 'counts' }, () =>
        countReadableApplications(deps, query, credentials),
      ),
    );
  });

  router.get('/applications/:id', async (req, res) => {
    const credentials = await authenticate(httpAuth, req);
    parseInput(emptyQuerySchema, req.query, 'query');
    const id = await readableApplication(req, credentials);
    res.json(await service.getApplication(id));
  });

  router.get('/applications/:id/history', async (req, res) => {
    const credentials = await authenticate(httpAuth, req);
    const page = parseInput(pageQuerySchema, req.query, 'query');
    const id = await readableApplication(req, credentials);
    res.json(await service.getHistory(id, page));
  });

  router.get(
    '/entities/:kind/:namespace/:name/applications',
    async (req, res) => {
      const credentials = await authenticate(httpAuth, req);
      parseInput(emptyQuerySchema, req.query, 'query');
      const entityRef = await readableEntity(req, credentials);
      res.json(await service.getEntityApplications(entityRef));
    },
  );

  router.get('/entities/:kind/:namespace/:name/history', async (req, res) => {
    const credentials = await authenticate(httpAuth, req);
    const page = parseInput(pageQuerySchema, req.query, 'query');
    const entityRef = await readableEntity(req, credentials);
    res.json(await service.getEntityHistory(entityRef, page));
  });
}
