import {
  ApplicationDetails,
  EntityApplications,
} from '@backstage-gitops/plugin-gitops-common';
import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { InputError, ResponseError } from '@backstage/errors';

/** The part of the GitOps backend's REST API (see its openapi.yaml) the sync action uses. @public */
export interface GitOpsApi {
  /** GET /entities/:kind/:namespace/:name/applications */
  entityApplications(entityRef: string): Promise<EntityApplications>;
  /** GET /applications/:id */
  application(id: string): Promise<ApplicationDetails>;
  /** POST /applications/:id/sync — 'busy' when a different sync of the application is queued or running (409); the same one is joined. */
  requestSync(id: string): Promise<'queued' | 'busy'>;
}

/** `kind:namespace/name` with the catalog's defaults (kind Component, namespace default), lower-cased like onboarding stores it. */
export function entityPath(entityRef: string): string {
  const match = /^(?:([^:/]+):)?(?:([^:/]+)\/)?([^:/]+)$/.exec(
    entityRef.trim(),
  );
  if (!match)
    throw new InputError(
      `'${entityRef}' is not an entity reference like component:default/shop`,
    );
  const [, kind = 'component', namespace = 'default', name] = match;
  return [kind, namespace, name]
    .map(part => encodeURIComponent(part.toLocaleLowerCase('en-US')))
    .join('/');
}

/**
 * Calls the GitOps backend as this plugin (service-to-service auth): the scaffolder task, not the
 * user who started it, asks for the first sync of a repository it has just created.
 */
export function createGitOpsApi(deps: {
  auth: AuthService;
  discovery: DiscoveryService;
}): GitOpsApi {
  async function call(
    method: 'GET' | 'POST',
    path: string,
    body?: object,
  ): Promise<Response> {
    const baseUrl = await deps.discovery.getBaseUrl('gitops');
    const { token } = await deps.auth.getPluginRequestToken({
      onBehalfOf: await deps.auth.getOwnServiceCredentials(),
      targetPluginId: 'gitops',
    });
    return fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(body ? { 'Content-Type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
  }
  async function json<T>(response: Response): Promise<T> {
    if (!response.ok) {
      const error = await ResponseError.fromResponse(response);
      // ResponseError's own message holds only the status; the backend's explanation is its cause.
      throw new Error(
        `The GitOps backend answered ${error.statusCode} to ${
          new URL(response.url).pathname
        }: ${error.cause.message}`,
        { cause: error },
      );
    }
    return (await response.json()) as T;
  }
  return {
    async entityApplications(entityRef) {
      return json(
        await call('GET', `/entities/${entityPath(entityRef)}/applications`),
      );
    },
    async application(id) {
      return json(await call('GET', `/applications/${encodeURIComponent(id)}`));
    },
    async requestSync(id) {
      const response = await call(
        'POST',
        `/applications/${encodeURIComponent(id)}/sync`,
        {},
      );
      if (response.status === 409) {
        await response.text(); // release the connection
        return 'busy';
      }
      await json(response);
      return 'queued';
    },
  };
}
