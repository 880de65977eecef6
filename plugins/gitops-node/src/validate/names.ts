/*
 * Name rules from the Kubernetes docs, concepts/overview/working-with-objects/names:
 * most kinds need a DNS subdomain (RFC 1123, ≤ 253), a few a DNS label (≤ 63, no dots),
 * and RBAC kinds only a "path segment name" (so `system:controller:x` is valid).
 */

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Kinds whose names must be DNS labels, keyed by `group/Kind` ('' group = core). */
const LABEL_NAMED = new Set(['/Namespace', '/Service']);
const PATH_SEGMENT_NAMED = new Set(
  ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'].map(
    k => `rbac.authorization.k8s.io/${k}`,
  ),
);

/** Whether `name` is a DNS label (RFC 1123): at most 63 lowercase alphanumerics or dashes, no dots. @public */
export function isDnsLabel(name: string): boolean {
  return name.length <= 63 && DNS_LABEL.test(name);
}

/** Whether `name` is a DNS subdomain (RFC 1123): dot-separated DNS labels, at most 253 characters. @public */
export function isDnsSubdomain(name: string): boolean {
  return name.length <= 253 && DNS_SUBDOMAIN.test(name);
}

export function isPathSegmentName(name: string): boolean {
  return name !== '.' && name !== '..' && !/[/%]/.test(name);
}

/** Why `name` is not a valid name for an object of this group and kind, if it is not. @public */
export function nameProblem(
  group: string,
  kind: string,
  name: string,
): string | undefined {
  const type = `${group}/${kind}`;
  if (PATH_SEGMENT_NAMED.has(type)) {
    return isPathSegmentName(name)
      ? undefined
      : `metadata.name "${name}" may not be "." or ".." or contain "/" or "%"`;
  }
  if (LABEL_NAMED.has(type)) {
    return isDnsLabel(name)
      ? undefined
      : `metadata.name "${name}" must be a DNS label: at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit`;
  }
  return isDnsSubdomain(name)
    ? undefined
    : `metadata.name "${name}" must be a DNS subdomain: at most 253 lowercase letters, digits, "-" and ".", starting and ending with a letter or digit`;
}
