import { gitopsReadPermission } from '@backstage-gitops/plugin-gitops-common';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { Router } from 'express';
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

  router.get(
    '/entities/:kind/:namespace/:name/applications',
    async (req, res) => {
      const credentials = await authenticate(httpAuth, req);
      const entityRef = stringifyEntityRef(
        parseInput(entityPathSchema, req.params, 'path'),
      );
      parseInput(emptyQuerySchema, req.query, 'query');
      await authorizeEntity(
        permissions,
        gitopsReadPermission,
        entityRef,
        credentials,
      );
      res.json(await service.getEntityApplications(entityRef));
    },
  );

  router.get('/entities/:kind/:namespace/:name/history', async (req, res) => {
    const credentials = await authenticate(httpAuth, req);
    const entityRef = stringifyEntityRef(
      parseInput(entityPathSchema, req.params, 'path'),
    );
    const page = parseInput(pageQuerySchema, req.query, 'query');
    await authorizeEntity(
      permissions,
      gitopsReadPermission,
      entityRef,
      credentials,
    );
    res.json(await service.getEntityHistory(entityRef, page));
  });
}
