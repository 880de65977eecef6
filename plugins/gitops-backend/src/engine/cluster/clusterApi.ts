import {
  Impersonation,
  OWNERSHIP,
} from '@backstage-gitops/plugin-gitops-common';
import {
  groupOf,
  KubeObject,
  versionOf,
} from '@backstage-gitops/plugin-gitops-node';
import { forbiddenMessage } from './identity';
import { KubeApiError, KubeClient, KubeRequest } from './kubeClient';

export interface ResourceType {
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
}

const DISCOVERY_TTL_MS = 5 * 60_000;

type DiscoveryCache = Map<
  string,
  { at: number; kinds: Map<string, ResourceType> }
>;

/** What a request is about, for the message a 403 becomes. */
interface Target {
  verb: string;
  type: ResourceType;
  name?: string;
  namespace?: string;
}

/** `deployments.apps`, `configmaps`: how RBAC rules name a resource. */
export const qualifiedResource = (type: ResourceType) =>
  type.group ? `${type.plural}.${type.group}` : type.plural;

/**
 * Discovery plus the handful of object operations the engine needs, on one cluster.
 *
 * Object reads and writes (get, list, dry-run, apply, delete) run as `identity` when the API is a
 * view made by `as()`. Discovery never does: which kinds a cluster serves is the engine's own
 * bookkeeping, cached once per cluster for every application, and not something a tenant's
 * identity is asked about.
 * @alpha
 */
export class ClusterApi {
  private readonly groupVersions: DiscoveryCache;
  /** Whose rights object requests use; undefined: the portal's own cluster credentials. */
  readonly identity?: Impersonation;

  constructor(
    readonly name: string,
    readonly client: KubeClient,
    shared: { discovery?: DiscoveryCache; identity?: Impersonation } = {},
  ) {
    this.groupVersions = shared.discovery ?? new Map();
    this.identity = shared.identity;
  }

  /**
   * This cluster as `identity` (undefined: the portal's own credentials). A view: the client, its
   * connections and the discovery cache are shared, so one costs nothing to make per reconcile.
   */
  as(identity: Impersonation | undefined): ClusterApi {
    if (identity === this.identity) return this;
    return new ClusterApi(this.name, this.client, {
      discovery: this.groupVersions,
      identity,
    });
  }

  /** An object request on the application's behalf: impersonated, and a 403 says who may not do what. */
  private async send<T>(req: KubeRequest, target: Target): Promise<T> {
    try {
      return await this.client.request<T>({
        ...req,
        impersonate: this.identity,
      });
    } catch (error) {
      if (error instanceof KubeApiError && error.status === 403)
        throw new KubeApiError(
          forbiddenMessage(this.identity, {
            verb: target.verb,
            resource: qualifiedResource(target.type),
            name: target.name,
            namespace: target.type.namespaced ? target.namespace : undefined,
            serverMessage: error.message,
          }),
          403,
          'Forbidden',
          error.details,
        );
      throw error;
    }
  }

  private async loadGroupVersion(
    apiVersion: string,
  ): Promise<Map<string, ResourceType>> {
    const path = apiVersion.includes('/')
      ? `/apis/${apiVersion}`
      : `/api/${apiVersion}`;
    const kinds = new Map<string, ResourceType>();
    try {
      const list = await this.client.request<{ resources: any[] }>({
        method: 'GET',
        path,
      });
      for (const r of list.resources ?? []) {
        if (String(r.name).includes('/')) continue; // subresources
        kinds.set(r.kind, {
          group: groupOf(apiVersion),
          version: versionOf(apiVersion),
          kind: r.kind,
          plural: r.name,
          namespaced: Boolean(r.namespaced),
        });
      }
    } catch (error) {
      if (!(error instanceof KubeApiError && error.status === 404)) throw error;
    }
    this.groupVersions.set(apiVersion, { at: Date.now(), kinds });
    return kinds;
  }

  /** The resource type serving apiVersion/kind; refreshes discovery once on a miss (new CRDs). */
  async resourceType(
    apiVersion: string,
    kind: string,
    options: { refresh?: boolean } = {},
  ): Promise<ResourceType | undefined> {
    const cached = this.groupVersions.get(apiVersion);
    if (
      cached &&
      !options.refresh &&
      Date.now() - cached.at < DISCOVERY_TTL_MS
    ) {
      const hit = cached.kinds.get(kind);
      if (hit) return hit;
    }
    return (await this.loadGroupVersion(apiVersion)).get(kind);
  }

  /** Loads discovery for group versions not cached (or stale); a fresh cache costs no request. */
  async preload(apiVersions: Iterable<string>): Promise<void> {
    const stale = [...new Set(apiVersions)].filter(v => {
      const cached = this.groupVersions.get(v);
      return !cached || Date.now() - cached.at >= DISCOVERY_TTL_MS;
    });
    await Promise.all(stale.map(v => this.loadGroupVersion(v)));
  }

  /** Scope from what discovery already loaded (call preload first); undefined for unknown kinds. */
  scopeOf(
    apiVersion: string,
    kind: string,
  ): 'Namespaced' | 'Cluster' | undefined {
    const type = this.groupVersions.get(apiVersion)?.kinds.get(kind);
    if (!type) return undefined;
    return type.namespaced ? 'Namespaced' : 'Cluster';
  }

  private async requireType(obj: {
    apiVersion: string;
    kind: string;
  }): Promise<ResourceType> {
    const type = await this.resourceType(obj.apiVersion, obj.kind);
    if (!type)
      throw new KubeApiError(
        `The cluster '${this.name}' does not serve ${obj.apiVersion} ${obj.kind}`,
        404,
        'NotFound',
      );
    return type;
  }

  static collectionPath(type: ResourceType, namespace?: string): string {
    const base = type.group
      ? `/apis/${type.group}/${type.version}`
      : `/api/${type.version}`;
    return type.namespaced && namespace
      ? `${base}/namespaces/${namespace}/${type.plural}`
      : `${base}/${type.plural}`;
  }

  private async objectTarget(
    obj: KubeObject,
    verb: string,
  ): Promise<{ path: string; target: Target }> {
    const type = await this.requireType(obj);
    const { name, namespace } = obj.metadata;
    return {
      path: `${ClusterApi.collectionPath(type, namespace)}/${encodeURIComponent(
        name,
      )}`,
      target: { verb, type, name, namespace },
    };
  }

  async get(obj: KubeObject): Promise<KubeObject | undefined> {
    const { path, target } = await this.objectTarget(obj, 'get');
    try {
      return await this.send<KubeObject>({ method: 'GET', path }, target);
    } catch (error) {
      if (error instanceof KubeApiError && error.status === 404)
        return undefined;
      throw error;
    }
  }

  async list(
    type: ResourceType,
    namespace?: string,
    labelSelector?: string,
  ): Promise<KubeObject[]> {
    const list = await this.send<{ items: KubeObject[] }>(
      {
        method: 'GET',
        path: ClusterApi.collectionPath(type, namespace),
        query: { labelSelector },
      },
      { verb: 'list', type, namespace },
    );
    const apiVersion = type.group
      ? `${type.group}/${type.version}`
      : type.version;
    return (list.items ?? []).map(item => ({
      ...item,
      apiVersion,
      kind: type.kind,
    }));
  }

  /** Server-side apply with the engine's field manager; `dryRun` computes without persisting. */
  async apply(
    obj: KubeObject,
    options: { dryRun?: boolean } = {},
  ): Promise<KubeObject> {
    const { path, target } = await this.objectTarget(obj, 'patch');
    return this.send<KubeObject>(
      {
        method: 'PATCH',
        path,
        query: {
          fieldManager: OWNERSHIP.fieldManager,
          force: 'true',
          dryRun: options.dryRun ? 'All' : undefined,
        },
        body: obj,
        contentType: 'application/apply-patch+yaml',
      },
      target,
    );
  }

  /**
   * Deletes with background propagation; an object already gone counts as deleted. With
   * `preconditions`, the server deletes only the very object that was read (same uid and
   * resourceVersion) and answers 409 Conflict when it changed in between.
   */
  async delete(
    obj: KubeObject,
    options: {
      preconditions?: { uid?: string; resourceVersion?: string };
    } = {},
  ): Promise<void> {
    const { path, target } = await this.objectTarget(obj, 'delete');
    try {
      await this.send(
        {
          method: 'DELETE',
          path,
          query: { propagationPolicy: 'Background' },
          body: options.preconditions
            ? {
                apiVersion: 'v1',
                kind: 'DeleteOptions',
                preconditions: options.preconditions,
              }
            : undefined,
        },
        target,
      );
    } catch (error) {
      if (!(error instanceof KubeApiError && error.status === 404)) throw error;
    }
  }

  /** Waits until a kind registered by a CRD is served (Established), polling discovery. */
  async waitForKind(
    apiVersion: string,
    kind: string,
    timeoutMs: number,
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await this.resourceType(apiVersion, kind, { refresh: true }))) {
      if (Date.now() > deadline)
        throw new KubeApiError(
          `${apiVersion} ${kind} is not served ${timeoutMs} ms after its CRD was applied`,
          504,
          'Timeout',
        );
      await new Promise(r => setTimeout(r, 200));
    }
  }
}
