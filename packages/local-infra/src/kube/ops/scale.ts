import type { Cluster } from '../cluster';
import { getPath, setPath } from '../objectUtil';
import { labelSelectorToString } from '../selectors';
import { invalid, notFound } from '../status';
import { clone, KubeObject, ResourceType } from '../types';
import { applyPatchKind, PatchKind } from './patchBody';
import { commitUpdate } from './update';
import type { WriteOptions } from './writeOptions';

/** The autoscaling/v1 Scale view of an object with a scale subresource. */
export function toScale(type: ResourceType, o: KubeObject): KubeObject {
  const scale = type.scale!;
  const selector = scale.labelSelectorPath
    ? getPath(o, scale.labelSelectorPath)
    : undefined;
  const status: Record<string, unknown> = {
    replicas: getPath(o, scale.statusReplicasPath) ?? 0,
  };
  const selectorText = labelSelectorToString(selector);
  if (selectorText) status.selector = selectorText;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: o.metadata.name,
      namespace: o.metadata.namespace,
      uid: o.metadata.uid,
      resourceVersion: o.metadata.resourceVersion,
      creationTimestamp: o.metadata.creationTimestamp,
    },
    spec: { replicas: getPath(o, scale.specReplicasPath) ?? 0 },
    status,
  };
}

function liveOrThrow(
  cluster: Cluster,
  type: ResourceType,
  ns: string,
  name: string,
) {
  const live = cluster.read(type, ns, name);
  if (!live) throw notFound({ group: type.group, plural: type.plural }, name);
  return live;
}

function writeReplicas(
  cluster: Cluster,
  type: ResourceType,
  live: KubeObject,
  scale: any,
  opts: WriteOptions,
) {
  const replicas = scale?.spec?.replicas;
  if (!Number.isInteger(replicas) || replicas < 0) {
    throw invalid('Scale', 'autoscaling', live.metadata.name, [
      {
        field: 'spec.replicas',
        message: `Invalid value: ${JSON.stringify(
          replicas,
        )}: must be greater than or equal to 0`,
      },
    ]);
  }
  const candidate = clone(live);
  setPath(candidate, type.scale!.specReplicasPath, replicas);
  // A resourceVersion on the Scale is a precondition on the parent object.
  candidate.metadata.resourceVersion =
    scale?.metadata?.resourceVersion || live.metadata.resourceVersion;
  return toScale(
    type,
    commitUpdate(cluster, {
      type,
      live,
      candidate,
      opts,
      subresource: 'scale',
    }),
  );
}

export function replaceScale(
  cluster: Cluster,
  type: ResourceType,
  ns: string,
  name: string,
  body: any,
  opts: WriteOptions,
) {
  return writeReplicas(
    cluster,
    type,
    liveOrThrow(cluster, type, ns, name),
    body,
    opts,
  );
}

export function patchScale(
  cluster: Cluster,
  type: ResourceType,
  ns: string,
  name: string,
  kind: Exclude<PatchKind, 'apply'>,
  body: string,
  opts: WriteOptions,
) {
  const live = liveOrThrow(cluster, type, ns, name);
  const patched = applyPatchKind(kind, toScale(type, live), body, 'Scale');
  return writeReplicas(cluster, type, live, patched, opts);
}
