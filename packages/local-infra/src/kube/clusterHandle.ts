import type { Upstream } from './upstream';
import { upstreamRequest } from './upstream';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type KubeObject = {
  apiVersion: string;
  kind: string;
  metadata: any;
  [key: string]: any;
};

/**
 * What tests read and write in the cluster directly, with the upstream admin credentials: these
 * requests bypass the fault proxy, so they never appear in the engine's request log.
 */
export interface ClusterHandle {
  get(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
  ): Promise<KubeObject | undefined>;
  list(
    apiVersion: string,
    kind: string,
    namespace?: string,
    labelSelector?: string,
  ): Promise<KubeObject[]>;
  create(obj: KubeObject): Promise<KubeObject>;
  /** Server-side apply under another field manager (drift made by a person or another tool). */
  apply(obj: KubeObject, fieldManager?: string): Promise<KubeObject>;
  /** A JSON merge patch, as `kubectl patch --type merge` sends. */
  mergePatch(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
    patch: unknown,
  ): Promise<KubeObject>;
  delete(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
  ): Promise<void>;
  /** true/false for a served kind, undefined when the kind is not served (e.g. its CRD is missing). */
  isNamespaced(apiVersion: string, kind: string): Promise<boolean | undefined>;
}

interface ResourceInfo {
  plural: string;
  namespaced: boolean;
}

export class KubeRequestError extends Error {
  constructor(readonly status: number, readonly body: any, what: string) {
    super(`${what}: HTTP ${status}: ${body?.message ?? JSON.stringify(body)}`);
  }
}

export function createClusterHandle(upstream: Upstream): ClusterHandle {
  const discovered = new Map<string, Map<string, ResourceInfo>>();

  const resourceOf = async (
    apiVersion: string,
    kind: string,
  ): Promise<ResourceInfo | undefined> => {
    let kinds = discovered.get(apiVersion);
    if (!kinds?.has(kind)) {
      // A CRD may have been added since the last look: discovery is read again on a miss.
      const path = apiVersion.includes('/')
        ? `/apis/${apiVersion}`
        : `/api/${apiVersion}`;
      const res = await upstreamRequest(upstream, 'GET', path);
      kinds = new Map();
      if (res.status === 200) {
        for (const r of res.body.resources ?? []) {
          if (!r.name.includes('/'))
            kinds.set(r.kind, { plural: r.name, namespaced: r.namespaced });
        }
      }
      discovered.set(apiVersion, kinds);
    }
    return kinds.get(kind);
  };

  const pathOf = async (
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name?: string,
  ) => {
    const resource = await resourceOf(apiVersion, kind);
    if (!resource)
      throw new Error(`the cluster does not serve ${kind} in ${apiVersion}`);
    const base = apiVersion.includes('/')
      ? `/apis/${apiVersion}`
      : `/api/${apiVersion}`;
    const ns =
      resource.namespaced && namespace
        ? `/namespaces/${encodeURIComponent(namespace)}`
        : '';
    return `${base}${ns}/${resource.plural}${
      name ? `/${encodeURIComponent(name)}` : ''
    }`;
  };

  const expectOk = (res: { status: number; body: any }, what: string) => {
    if (res.status >= 300)
      throw new KubeRequestError(res.status, res.body, what);
    return res.body;
  };

  return {
    async get(apiVersion, kind, namespace, name) {
      if (!(await resourceOf(apiVersion, kind))) return undefined;
      const res = await upstreamRequest(
        upstream,
        'GET',
        await pathOf(apiVersion, kind, namespace, name),
      );
      if (res.status === 404) return undefined;
      return expectOk(res, `get ${kind} ${namespace ?? ''}/${name}`);
    },
    async list(apiVersion, kind, namespace, labelSelector) {
      if (!(await resourceOf(apiVersion, kind))) return [];
      const query = labelSelector
        ? `?labelSelector=${encodeURIComponent(labelSelector)}`
        : '';
      const res = await upstreamRequest(
        upstream,
        'GET',
        (await pathOf(apiVersion, kind, namespace)) + query,
      );
      const list = expectOk(res, `list ${kind}`);
      return (list.items ?? []).map((item: KubeObject) => ({
        ...item,
        apiVersion,
        kind,
      }));
    },
    async create(obj) {
      const path = await pathOf(
        obj.apiVersion,
        obj.kind,
        obj.metadata?.namespace ?? 'default',
      );
      return expectOk(
        await upstreamRequest(upstream, 'POST', path, obj),
        `create ${obj.kind} ${obj.metadata?.name}`,
      );
    },
    async apply(obj, fieldManager = 'test-operator') {
      const path = await pathOf(
        obj.apiVersion,
        obj.kind,
        obj.metadata?.namespace ?? 'default',
        obj.metadata?.name,
      );
      const query = `?fieldManager=${encodeURIComponent(
        fieldManager,
      )}&force=true`;
      return expectOk(
        await upstreamRequest(
          upstream,
          'PATCH',
          path + query,
          obj,
          'application/apply-patch+yaml',
        ),
        `apply ${obj.kind} ${obj.metadata?.name}`,
      );
    },
    async mergePatch(apiVersion, kind, namespace, name, patch) {
      const path = await pathOf(apiVersion, kind, namespace, name);
      return expectOk(
        await upstreamRequest(
          upstream,
          'PATCH',
          path,
          patch,
          'application/merge-patch+json',
        ),
        `patch ${kind} ${name}`,
      );
    },
    async delete(apiVersion, kind, namespace, name) {
      const res = await upstreamRequest(
        upstream,
        'DELETE',
        await pathOf(apiVersion, kind, namespace, name),
      );
      if (res.status !== 404) expectOk(res, `delete ${kind} ${name}`);
    },
    async isNamespaced(apiVersion, kind) {
      return (await resourceOf(apiVersion, kind))?.namespaced;
    },
  };
}
