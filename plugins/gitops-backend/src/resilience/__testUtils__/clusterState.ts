import {
  ApplicationSpec,
  OWNERSHIP,
} from '@backstage-gitops/plugin-gitops-common';
import { LocalCluster } from '@internal/local-infra';
import { GitOpsStore } from '../../database/GitOpsStore';
import { ClusterApi } from '../../engine/cluster/clusterApi';
import { renderManifests } from '@backstage-gitops/plugin-gitops-node';
import { KUBECTL } from '../../engine/integration/harness';
import { GitRepositoryCache } from '../../engine/source/gitRepositoryCache';
import {
  formatResourceKey,
  KubeObject,
  resourceKey,
} from '@backstage-gitops/plugin-gitops-node';
import { validateObjects } from '@backstage-gitops/plugin-gitops-node';

/** The engine's key of an object, whichever type (engine's or API server's) describes it. */
const keyOf = (o: { apiVersion?: string; kind?: string; metadata?: object }) =>
  formatResourceKey(resourceKey(o as KubeObject));

/** The objects Git holds for an application at the branch head, rendered and defaulted as the engine does. */
export async function desiredObjects(
  source: GitRepositoryCache,
  cluster: ClusterApi,
  spec: ApplicationSpec,
): Promise<KubeObject[]> {
  const revision = await source.resolveRevision(
    spec.source.repoUrl,
    spec.source.ref,
  );
  const checkout = await source.checkout(
    spec.source.repoUrl,
    spec.source.ref,
    revision,
  );
  const rendered = await renderManifests({
    checkoutDir: checkout.dir,
    path: spec.source.path,
    kubectlPath: KUBECTL,
  });
  await cluster.preload(rendered.objects.map(r => r.object.apiVersion));
  return validateObjects(rendered.objects, spec.destination, (v, k) =>
    cluster.scopeOf(v, k),
  ).map(r => r.object);
}

/** True when every value of `desired` is present and equal in `live` (the server may add more). */
export function containsAll(desired: unknown, live: unknown): boolean {
  if (Array.isArray(desired)) {
    return (
      Array.isArray(live) &&
      desired.length === live.length &&
      desired.every((d, i) => containsAll(d, live[i]))
    );
  }
  if (desired && typeof desired === 'object') {
    if (!live || typeof live !== 'object' || Array.isArray(live)) return false;
    return Object.entries(desired).every(([k, v]) =>
      containsAll(v, (live as Record<string, unknown>)[k]),
    );
  }
  // the API server answers numbers-as-strings for some fields (e.g. quantities); manifests here use none
  return desired === live;
}

/**
 * Differences between what Git says and what the cluster holds for one application: every
 * desired object live with every desired value and the ownership marker; no other object of the
 * given kinds in its namespaces carrying the marker (what prune should have removed); and an
 * inventory that names exactly the desired set. An empty list means "the cluster equals Git".
 */
export async function clusterVersusGit(
  kube: LocalCluster,
  store: GitOpsStore,
  spec: ApplicationSpec,
  desired: KubeObject[],
  kinds: Array<{ apiVersion: string; kind: string }>,
): Promise<string[]> {
  const problems: string[] = [];
  for (const obj of desired) {
    const live = await kube.cluster.get(
      obj.apiVersion,
      obj.kind,
      obj.metadata.namespace,
      obj.metadata.name,
    );
    if (!live) problems.push(`${keyOf(obj)} is missing`);
    else if (!containsAll(obj, live))
      problems.push(`${keyOf(obj)} differs from Git`);
    else if (live.metadata.annotations?.[OWNERSHIP.appAnnotation] !== spec.id)
      problems.push(`${keyOf(obj)} lacks the ownership marker`);
  }
  const wanted = new Set(desired.map(keyOf));
  for (const namespace of spec.destination.allowedNamespaces) {
    for (const { apiVersion, kind } of kinds) {
      for (const live of await kube.cluster.list(apiVersion, kind, namespace)) {
        const owned =
          live.metadata.annotations?.[OWNERSHIP.appAnnotation] === spec.id;
        if (
          owned &&
          !live.metadata.deletionTimestamp &&
          !wanted.has(keyOf(live))
        )
          problems.push(`${keyOf(live)} is still live but left Git`);
      }
    }
  }
  const inventory = (await store.getInventory(spec.id)).map(i =>
    keyOf({
      apiVersion: i.apiVersion,
      kind: i.kind,
      metadata: { name: i.name, namespace: i.namespace },
    }),
  );
  if (
    JSON.stringify([...inventory].sort()) !== JSON.stringify([...wanted].sort())
  ) {
    problems.push(
      `inventory ${JSON.stringify(
        [...inventory].sort(),
      )} is not the desired set ${JSON.stringify([...wanted].sort())}`,
    );
  }
  return problems;
}
