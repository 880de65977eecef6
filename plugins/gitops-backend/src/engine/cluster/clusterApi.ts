import { OWNERSHIP } from '@backstage-gitops/plugin-gitops-common';
import {
  groupOf,
  KubeObject,
  versionOf,
} from '@backstage-gitops/plugin-gitops-node';
import { KubeApiError, KubeClient } from './kubeClient';

export interface ResourceType {
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
}

const DISCOVERY_TTL_MS = 5 * 60_000;

/** Discovery plus the handful of object operations the engine needs, on one cluster. */
export class ClusterApi {
  private readonly groupVersions = new Map<
    string,
    { at: number; kinds: Map<string, ResourceType> }
  >();

  constructor(readonly name: string, readonly client: KubeClient) {}

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

  private async objectPath(obj: KubeObject): Promise<string> {
    const type = await this.requireType(obj);
    return `${ClusterApi.collectionPath(
      type,
      obj.metadata.namespace,
    )}/${encodeURIComponent(obj.metadata.name)}`;
  }

  async get(obj: KubeObject): Promise<KubeObject | undefined> {
    try {
      return await this.client.request<KubeObject>({
        method: 'GET',
        path: await this.objectPath(obj),
      });
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
    const list = await this.client.request<{ items: KubeObject[] }>({
      method: 'GET',
      path: ClusterApi.collectionPath(type, namespace),
      query: { labelSelector },
    });
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
    return this.client.request<KubeObject>({
      method: 'PATCH',
      path: await this.objectPath(obj),
      query: {
        fieldManager: OWNERSHIP.fieldManager,
        force: 'true',
        dryRun: options.dryRun ? 'All' : undefined,
      },
      body: obj,
      contentType: 'application/apply-patch+yaml',
    });
  }

  /** Deletes with background propagation; an object already gone counts as deleted. */
  async delete(obj: KubeObject): Promise<void> {
    try {
      await this.client.request({
        method: 'DELETE',
        path: await this.objectPath(obj),
        query: { propagationPolicy: 'Background' },
      });
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
