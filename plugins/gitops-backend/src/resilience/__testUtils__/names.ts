import { LocalCluster, runKubectl } from '@internal/local-infra';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';

/**
 * A namespace (or other object) name no other suite and no earlier run uses: every suite of a run
 * shares one cluster, and a cluster brought with GITOPS_CLUSTER_KUBECONFIG outlives the run, so a
 * fixed name could meet what another file or yesterday's run left there. `prefix` plus six random
 * characters, a valid DNS label for a prefix of up to 56 characters.
 */
export function uniqueName(prefix: string): string {
  const suffix = randomBytes(4).toString('hex').slice(0, 6);
  const name = `${prefix}-${suffix}`;
  if (name.length > 63 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name))
    throw new Error(`uniqueName: "${name}" is not a DNS label`);
  return name;
}

/** The database part of a name, e.g. POSTGRES_15 → postgres15. */
export const databaseSuffix = (databaseId: string) =>
  databaseId.toLowerCase().replace(/_/g, '');

/**
 * Deletes the namespaces a suite created (and so everything in them) without waiting for them to
 * be gone: the cluster is shared by every suite of the run and may outlive it. Uses kubectl with
 * the cluster's admin kubeconfig, so it works in an `afterAll` that runs after the suite's proxy
 * was stopped.
 */
export async function deleteNamespaces(
  kube: Pick<LocalCluster, 'adminKubeconfig'> | undefined,
  names: Iterable<string>,
): Promise<void> {
  const list = [...new Set(names)];
  if (!kube || list.length === 0) return;
  // a control plane the suite started for itself is gone already, and its namespaces with it
  if (!fs.existsSync(kube.adminKubeconfig)) return;
  const result = await runKubectl(
    ['delete', 'namespace', ...list, '--wait=false', '--ignore-not-found'],
    { kubeconfig: kube.adminKubeconfig },
  );
  if (result.code !== 0)
    throw new Error(`deleting namespaces ${list.join(', ')}: ${result.stderr}`);
}
