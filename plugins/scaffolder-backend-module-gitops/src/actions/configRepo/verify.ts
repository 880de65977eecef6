import { DESCRIPTOR_FILE } from '@backstage-gitops/plugin-gitops-common';
import { InputError } from '@backstage/errors';
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  parseDescriptor,
  renderManifests,
  ScopeLookup,
  validateObjects,
} from '@backstage-gitops/plugin-gitops-node';
import { RepoFiles } from './layout';

/**
 * Built-in cluster-scoped kinds (core/v1 and the stable groups). Without a cluster to ask, every
 * other kind is taken as namespaced; the engine checks again against the cluster's discovery
 * when it syncs.
 */
const CLUSTER_SCOPED = new Set([
  'v1/Namespace',
  'v1/Node',
  'v1/PersistentVolume',
  'rbac.authorization.k8s.io/v1/ClusterRole',
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding',
  'apiextensions.k8s.io/v1/CustomResourceDefinition',
  'storage.k8s.io/v1/StorageClass',
  'storage.k8s.io/v1/CSIDriver',
  'scheduling.k8s.io/v1/PriorityClass',
  'networking.k8s.io/v1/IngressClass',
  'node.k8s.io/v1/RuntimeClass',
  'admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/v1/MutatingWebhookConfiguration',
  'apiregistration.k8s.io/v1/APIService',
]);

export const offlineScope: ScopeLookup = (apiVersion, kind) =>
  CLUSTER_SCOPED.has(`${apiVersion}/${kind}`) ? 'Cluster' : 'Namespaced';

export interface VerifiedEnvironment {
  name: string;
  path: string;
  /** `Kind/name` of every object the environment would apply. */
  objects: string[];
}

/** Writes the files below `dir` (which must exist and be empty). */
export async function writeRepoFiles(
  dir: string,
  files: RepoFiles,
): Promise<void> {
  for (const [file, content] of Object.entries(files)) {
    const target = path.join(dir, ...file.split('/'));
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.writeFile(target, content, 'utf8');
  }
}

/**
 * Checks a written repository the way the GitOps backend will read it: the descriptor with its
 * own parser, then every environment rendered (`kubectl kustomize`) and validated against the
 * environment's namespace. Every problem of every environment is reported at once.
 */
export async function verifyConfigRepo(
  dir: string,
  options: { kubectlPath: string },
): Promise<VerifiedEnvironment[]> {
  let descriptor;
  try {
    descriptor = parseDescriptor(
      await fs.readFile(path.join(dir, DESCRIPTOR_FILE), 'utf8'),
    );
  } catch (error) {
    throw new InputError(
      `The generated repository is invalid: ${messageOf(error)}`,
    );
  }
  const problems: string[] = [];
  const verified: VerifiedEnvironment[] = [];
  for (const env of descriptor.environments) {
    try {
      const rendered = await renderManifests({
        checkoutDir: dir,
        path: env.path,
        kubectlPath: options.kubectlPath,
      });
      const valid = validateObjects(
        rendered.objects,
        {
          namespace: env.namespace,
          allowedNamespaces: [
            ...new Set([env.namespace, ...env.allowedNamespaces]),
          ],
          allowClusterScoped: env.allowClusterScoped,
        },
        offlineScope,
      );
      verified.push({
        name: env.name,
        path: env.path,
        objects: valid.map(o => `${o.object.kind}/${o.object.metadata.name}`),
      });
    } catch (error) {
      problems.push(
        `environment '${env.name}' (${env.path}): ${messageOf(error)}`,
      );
    }
  }
  if (problems.length > 0)
    throw new InputError(
      `The generated repository does not render: ${problems.join('\n')}`,
    );
  return verified;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
