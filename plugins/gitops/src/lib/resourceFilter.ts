import type { ResourceStatus } from '@backstage-gitops/plugin-gitops-common';

/** `all`, `attention` (anything not Synced+Healthy), `sync:<status>` or `health:<status>`. */
export type ResourceStatusFilter = string;

export function matchesStatus(
  resource: ResourceStatus,
  filter: ResourceStatusFilter,
): boolean {
  if (filter === 'all' || filter === '') {
    return true;
  }
  if (filter === 'attention') {
    return resource.syncStatus !== 'Synced' || resource.health !== 'Healthy';
  }
  const [dimension, value] = filter.split(':', 2);
  if (dimension === 'sync') {
    return resource.syncStatus === value;
  }
  if (dimension === 'health') {
    return resource.health === value;
  }
  return true;
}

/** Case-insensitive match on every column the table shows. */
export function matchesText(resource: ResourceStatus, text: string): boolean {
  const needle = text.trim().toLowerCase();
  if (!needle) {
    return true;
  }
  return [
    resource.kind,
    resource.namespace,
    resource.name,
    resource.healthMessage,
    resource.group,
  ]
    .filter(Boolean)
    .some(value => value!.toLowerCase().includes(needle));
}

export function filterResources(
  resources: ResourceStatus[],
  status: ResourceStatusFilter,
  text: string,
): ResourceStatus[] {
  return resources.filter(
    r => matchesStatus(r, status) && matchesText(r, text),
  );
}
