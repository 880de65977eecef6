import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';

export interface KubeconfigInput {
  url: string;
  caData?: string;
  token: string;
}

/** A kubeconfig with one cluster, user and context, all named "local". */
export function kubeconfigYaml({
  url,
  caData,
  token,
}: KubeconfigInput): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: 'local',
        cluster: {
          server: url,
          ...(caData ? { 'certificate-authority-data': caData } : {}),
        },
      },
    ],
    users: [{ name: 'local', user: { token } }],
    contexts: [
      {
        name: 'local',
        context: { cluster: 'local', user: 'local', namespace: 'default' },
      },
    ],
    'current-context': 'local',
    preferences: {},
  });
}

export function writeKubeconfigFile(
  path: string,
  input: KubeconfigInput,
): void {
  writeFileSync(path, kubeconfigYaml(input), { mode: 0o600 });
}
