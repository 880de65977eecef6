import type { ErrorCategory } from '@backstage-gitops/plugin-gitops-common';

/**
 * The heading an application's error is shown under: it says what kind of fault it is, so a
 * network fault never reads as a configuration mistake.
 */
const HEADINGS: Record<ErrorCategory, string> = {
  'cluster-unreachable': 'Cluster unreachable',
  'git-unreachable': 'Git host unreachable',
  'renderer-unavailable': 'Renderer unavailable',
  unauthorized: 'Access denied',
  forbidden: 'Access denied',
  configuration: 'Configuration error',
  source: 'Source error',
  render: 'Manifests cannot be rendered',
  validation: 'Invalid manifests',
  apply: 'Apply failed',
  unknown: 'Reconcile failed',
};

/** Faults that usually clear by themselves; the backend keeps retrying them with backoff. */
const TRANSIENT = new Set<string>(['cluster-unreachable', 'git-unreachable']);

/** Errors recorded before categories existed, and values from a newer backend, read "Reconcile failed". */
export function errorHeading(category: string | undefined): string {
  return (
    (HEADINGS as Record<string, string>)[category ?? ''] ?? HEADINGS.unknown
  );
}

export function isTransientError(category: string | undefined): boolean {
  return TRANSIENT.has(category ?? '');
}
