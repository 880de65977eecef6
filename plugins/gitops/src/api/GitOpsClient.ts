import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import { parseEntityRef } from '@backstage/catalog-model';
import type {
  ApplicationDetails,
  ApplicationSummary,
  EntityApplications,
  ListApplicationsQuery,
  Page,
  StatusCounts,
  SyncRecord,
  SyncRequest,
} from '@backstage-gitops/plugin-gitops-common';
import type {
  CountApplicationsQuery,
  GitOpsApi,
  PageRequest,
  QueuedResponse,
  RevertResponse,
} from './GitOpsApi';

type QueryValue = string | number | undefined;

/** Builds `?a=1&b=2`, leaving out empty values so the backend applies its defaults. */
export function toQueryString(params: Record<string, QueryValue>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') {
      search.set(key, String(value));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** Path of an entity's sub-resources: `/entities/<kind>/<namespace>/<name>`. */
function entityPath(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return ['entities', kind, namespace, name].map(encodeURIComponent).join('/');
}

/**
 * Talks to the GitOps backend. All calls go through `fetchApi` so the user's Backstage token is
 * attached; the base URL comes from discovery so the plugin works behind any backend routing.
 * @public
 */
export class GitOpsClient implements GitOpsApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  /** {@inheritDoc GitOpsApi.listApplications} */
  listApplications(
    query: ListApplicationsQuery = {},
  ): Promise<Page<ApplicationSummary>> {
    return this.get(`applications${toQueryString({ ...query })}`);
  }

  /** {@inheritDoc GitOpsApi.countApplications} */
  countApplications(query: CountApplicationsQuery = {}): Promise<StatusCounts> {
    return this.get(`applications/counts${toQueryString({ ...query })}`);
  }

  /** {@inheritDoc GitOpsApi.getApplication} */
  getApplication(id: string): Promise<ApplicationDetails> {
    return this.get(`applications/${encodeURIComponent(id)}`);
  }

  /** {@inheritDoc GitOpsApi.getApplicationHistory} */
  getApplicationHistory(
    id: string,
    page: PageRequest = {},
  ): Promise<Page<SyncRecord>> {
    return this.get(
      `applications/${encodeURIComponent(id)}/history${toQueryString({
        ...page,
      })}`,
    );
  }

  /** {@inheritDoc GitOpsApi.getEntityApplications} */
  getEntityApplications(entityRef: string): Promise<EntityApplications> {
    return this.get(`${entityPath(entityRef)}/applications`);
  }

  /** {@inheritDoc GitOpsApi.getEntityHistory} */
  getEntityHistory(
    entityRef: string,
    page: PageRequest = {},
  ): Promise<Page<SyncRecord>> {
    return this.get(
      `${entityPath(entityRef)}/history${toQueryString({ ...page })}`,
    );
  }

  /** {@inheritDoc GitOpsApi.syncApplication} */
  syncApplication(
    id: string,
    request: SyncRequest = {},
  ): Promise<QueuedResponse> {
    return this.post(`applications/${encodeURIComponent(id)}/sync`, request);
  }

  /** {@inheritDoc GitOpsApi.refreshApplication} */
  refreshApplication(id: string): Promise<QueuedResponse> {
    return this.post(`applications/${encodeURIComponent(id)}/refresh`);
  }

  /** {@inheritDoc GitOpsApi.suspendApplication} */
  suspendApplication(id: string): Promise<ApplicationSummary> {
    return this.post(`applications/${encodeURIComponent(id)}/suspend`);
  }

  /** {@inheritDoc GitOpsApi.resumeApplication} */
  resumeApplication(id: string): Promise<ApplicationSummary> {
    return this.post(`applications/${encodeURIComponent(id)}/resume`);
  }

  /** {@inheritDoc GitOpsApi.pinRevision} */
  pinRevision(id: string, revision: string): Promise<ApplicationSummary> {
    return this.post(`applications/${encodeURIComponent(id)}/pin`, {
      revision,
    });
  }

  /** {@inheritDoc GitOpsApi.unpinRevision} */
  unpinRevision(id: string): Promise<ApplicationSummary> {
    return this.post(`applications/${encodeURIComponent(id)}/unpin`);
  }

  /** {@inheritDoc GitOpsApi.revertSync} */
  revertSync(id: string, syncId: string): Promise<RevertResponse> {
    return this.post(
      `applications/${encodeURIComponent(id)}/history/${encodeURIComponent(
        syncId,
      )}/revert`,
    );
  }

  private async get<T>(path: string): Promise<T> {
    return this.request<T>(path, { method: 'GET' });
  }

  private async post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body ?? {}),
    });
  }

  private async request<T>(path: string, init: RequestInit): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('gitops');
    const response = await this.fetchApi.fetch(`${baseUrl}/${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
