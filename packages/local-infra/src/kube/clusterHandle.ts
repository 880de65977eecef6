import type { Cluster } from './cluster';
import { createObject } from './ops/create';
import { checkBody } from './ops/writeOptions';
import type { KubeObject } from './types';
import type { WorkloadSimulator } from './workloads';

/** Direct access to the simulated cluster for tests (bypasses HTTP, auth, faults and the request log). */
export interface ClusterHandle {
  get(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined;
  list(apiVersion: string, kind: string, namespace?: string): KubeObject[];
  /** Pods and workloads whose pod template uses this image never become ready. */
  failImage(image: string): void;
  /** Runs the workload simulator's pending status changes now. */
  settle(): void;
  /** true/false for a served kind, undefined when the kind is not served (e.g. its CRD is missing). */
  isNamespaced(apiVersion: string, kind: string): boolean | undefined;
  /** Creates an object as the server would (defaults, validation, managedFields), without a request. */
  create(obj: KubeObject): KubeObject;
}

export function clusterHandle(
  cluster: Cluster,
  simulator: WorkloadSimulator,
): ClusterHandle {
  const typeOf = (apiVersion: string, kind: string) => {
    const type = cluster.registry.findByKind(apiVersion, kind);
    if (!type)
      throw new Error(`the server does not serve ${kind} in ${apiVersion}`);
    return type;
  };
  return {
    get: (apiVersion, kind, namespace, name) =>
      cluster.read(typeOf(apiVersion, kind), namespace ?? '', name),
    list: (apiVersion, kind, namespace) =>
      cluster.readAll(typeOf(apiVersion, kind), namespace),
    failImage: image => {
      cluster.failingImages.add(image);
    },
    settle: () => simulator.settle(),
    isNamespaced: (apiVersion, kind) =>
      cluster.registry.isNamespaced(apiVersion, kind),
    create: obj => {
      const type = typeOf(obj.apiVersion, obj.kind);
      const candidate = checkBody(
        type,
        obj,
        type.namespaced ? obj.metadata?.namespace ?? 'default' : undefined,
      );
      return createObject(cluster, type, candidate, {
        dryRun: false,
        fieldManager: 'local-infra',
      });
    },
  };
}
