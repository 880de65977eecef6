import type { KubeObject } from '@backstage-gitops/plugin-gitops-node';

/** Builds a live object for health tests. */
export function live(
  apiVersion: string,
  kind: string,
  parts: { spec?: object; status?: object; metadata?: object } = {},
): KubeObject {
  return {
    apiVersion,
    kind,
    metadata: { name: 'x', namespace: 'n', generation: 1, ...parts.metadata },
    ...(parts.spec ? { spec: parts.spec } : {}),
    ...(parts.status ? { status: parts.status } : {}),
  };
}
