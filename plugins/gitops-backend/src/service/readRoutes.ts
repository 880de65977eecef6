import { gitopsReadPermission } from '@backstage-gitops/plugin-gitops-common';
import { AuditorService, HttpAuthService, PermissionsService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { Request, Router } from 'express';
import { authorizeApplication, authorizeEntity } from './authorization';
import { GitOpsService } from './GitOpsService';
import { countReadableApplications, listReadableApplications } from './readableApplications';
import {
  applicationIdSchema,
  countsQuerySchema,
  emptyQuerySchema,
  entityPathSchema,
  listQuerySchema,
  pageQuerySchema,
  parseInput,
} from './validation';

/** What the API routes need. */
export interface RouteDeps {
  service: GitOpsService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
}

/** A user or a service; anything else (no token, a bad token) is refused with 401/403 here, not only by the default auth policy. */
export function authenticate(httpAuth: HttpAuthService, req: Request) {
  return httpAuth.credentials(req, { allow: ['user', 'service'] });
}

/** The read-only routes; every one checks gitops.application.read. */
export function registerReadRoutes(router: Router, deps: RouteDeps): void {
  const { service, httpAuth, permissions } = deps;

  router.get('/applications', async (req, res) => {
    const credentials = await authenticate(httpAuth, req);
    const query = parseInput(listQuerySchema, req.query, 'query');
    res.json(await listReadableApplications(deps, query, credentials));
  });

  // Registered before /applications/:id so "counts" is never read as an id.
  router.get('/applications/counts', async (req, res) => {
    const credentials = await authenticate(httpAuth, req);
    const query = parseInput(countsQuerySchema, req.query, 'query');
    res.json(await countReadableApplications(deps, query, credentials));
  });

  router.get('/applications/:id', async (req, res) => {
    const credentials = await authenticate(httpAuth, req);
    const { id } = parseInput(applicationIdSchema, req.params, 'path');
    parseInput(emptyQuerySchema, req.query, 'query');
    await authorizeApplication(deps, gitopsReadPermission, id, credentials);
    res.json(await service.getApplication(id));
  });

  router.get('/applications/:id/history', async (req, res) => {
    const credentials = await authenticate(httpAuth, req);
    const { id } = parseInput(applicationIdSchema, req.params, 'path');
    const page = parseInput(pageQuerySchema, req.query, 'query');
    await authorizeApplication(deps, gitopsReadPermission, id, credentials);
    res.json(await service.getHistory(id, page));
  });

  router.get('/entities/:kind/:namespace/:name/applications', async (req, res) => {
    const credentials = await authenticate(httpAuth, req);
    const entityRef = stringifyEntityRef(parseInput(entityPathSchema, req.params, 'path'));
    parseInput(emptyQuerySchema, req.query, 'query');
    await authorizeEntity(permissions, gitopsReadPermission, entityRef, credentials);
    res.json(await service.getEntityApplications(entityRef));
  });

  router.get('/entities/:kind/:namespace/:name/history', async (req, res) => {
    const credentials = await authenticate(httpAuth, req);
    const entityRef = stringifyEntityRef(parseInput(entityPathSchema, req.params, 'path'));
    const page = parseInput(pageQuerySchema, req.query, 'query');
    await authorizeEntity(permissions, gitopsReadPermission, entityRef, credentials);
    res.json(await service.getEntityHistory(entityRef, page));
  });
}
