import { DESCRIPTOR_FILE } from '@backstage-gitops/plugin-gitops-common';
import { stringify } from 'yaml';
import { ConfigRepoInput, EnvironmentInput } from './input';
import {
  deployment,
  horizontalPodAutoscaler,
  ingress,
  Manifest,
  namespace,
  service,
  serviceAccount,
} from './manifests';

/** Repository path → file content, in the order the files are written. */
export type RepoFiles = Record<string, string>;

const KUSTOMIZATION = {
  apiVersion: 'kustomize.config.k8s.io/v1beta1',
  kind: 'Kustomization',
};

const yamlText = (value: unknown) => stringify(value, { lineWidth: 0 });

export function overlayPath(env: Pick<EnvironmentInput, 'name'>): string {
  return `overlays/${env.name}`;
}

/**
 * The whole config repository: the descriptor, a Kustomize base with the workload, and one
 * overlay per environment (its namespace, replica count and host). Deterministic: the same input
 * always gives the same bytes, so a re-run produces an identical tree.
 */
export function generateConfigRepoFiles(input: ConfigRepoInput): RepoFiles {
  const files: RepoFiles = {
    [DESCRIPTOR_FILE]: descriptorText(input),
    'README.md': readmeText(input),
  };
  const base: Array<[string, Manifest]> = [
    ['serviceaccount.yaml', serviceAccount(input)],
    ['deployment.yaml', deployment(input)],
    ['service.yaml', service(input)],
  ];
  if (input.ingressHost)
    base.push(['ingress.yaml', ingress(input, input.ingressHost)]);
  if (input.hpa)
    base.push(['hpa.yaml', horizontalPodAutoscaler(input, input.hpa)]);
  for (const [file, manifest] of base)
    files[`base/${file}`] = yamlText(manifest);
  files['base/kustomization.yaml'] = yamlText({
    ...KUSTOMIZATION,
    resources: base.map(([file]) => file),
  });

  for (const env of input.environments) {
    const dir = overlayPath(env);
    const resources = ['../../base', 'namespace.yaml'];
    files[`${dir}/namespace.yaml`] = yamlText(namespace(env.namespace));
    if (!input.ingressHost && env.ingressHost) {
      files[`${dir}/ingress.yaml`] = yamlText(ingress(input, env.ingressHost));
      resources.push('ingress.yaml');
    }
    files[`${dir}/kustomization.yaml`] = yamlText(
      overlayKustomization(input, env, resources),
    );
  }
  return files;
}

function overlayKustomization(
  input: ConfigRepoInput,
  env: EnvironmentInput,
  resources: string[],
) {
  const patches: Array<{ target: Record<string, string>; patch: string }> = [];
  if (input.hpa && env.replicas !== undefined) {
    patches.push(
      jsonPatch(
        {
          group: 'autoscaling',
          kind: 'HorizontalPodAutoscaler',
          name: input.name,
        },
        '/spec/minReplicas',
        env.replicas,
      ),
    );
  }
  if (
    input.ingressHost &&
    env.ingressHost &&
    env.ingressHost !== input.ingressHost
  ) {
    patches.push(
      jsonPatch(
        { group: 'networking.k8s.io', kind: 'Ingress', name: input.name },
        '/spec/rules/0/host',
        env.ingressHost,
      ),
    );
  }
  return {
    ...KUSTOMIZATION,
    namespace: env.namespace,
    resources,
    ...(input.hpa
      ? {}
      : { replicas: [{ name: input.name, count: env.replicas ?? 1 }] }),
    ...(patches.length ? { patches } : {}),
  };
}

function jsonPatch(
  target: Record<string, string>,
  path: string,
  value: unknown,
) {
  return { target, patch: yamlText([{ op: 'replace', path, value }]) };
}

function descriptorText(input: ConfigRepoInput): string {
  const descriptor = {
    apiVersion: 'gitops.backstage.io/v1alpha1',
    kind: 'Environments',
    environments: input.environments.map(env => ({
      name: env.name,
      path: overlayPath(env),
      cluster: env.cluster,
      namespace: env.namespace,
      policy: env.policy,
    })),
  };
  return `# Environments of ${
    input.name
  }: one GitOps application each (read by the portal's GitOps backend).\n${yamlText(
    descriptor,
  )}`;
}

function readmeText(input: ConfigRepoInput): string {
  const rows = input.environments.map(
    env =>
      `| ${env.name} | \`${overlayPath(env)}\` | ${env.cluster} | ${
        env.namespace
      } |`,
  );
  return [
    `# ${input.name} — GitOps configuration`,
    '',
    'The desired state of every environment of this service. The portal pulls this repository,',
    'applies it to the clusters below and corrects drift; change the service by committing here.',
    '',
    `- \`${DESCRIPTOR_FILE}\`: the environments (path, cluster, namespace, sync policy)`,
    '- `base/`: the workload, shared by all environments',
    '- `overlays/<environment>/`: what differs per environment',
    '',
    '| environment | path | cluster | namespace |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
