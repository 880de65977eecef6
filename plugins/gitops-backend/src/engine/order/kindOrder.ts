import type { KubeObject } from '@backstage-gitops/plugin-gitops-node';
import { groupOf } from '@backstage-gitops/plugin-gitops-node';

/**
 * Helm's install order (pkg/releaseutil/kind_sorter.go), which Argo CD reuses: things
 * other things refer to come first (namespaces, quotas, accounts, config, storage,
 * RBAC), then services, then workloads, then what routes to them and the webhooks that
 * could otherwise intercept their creation. Each kind is matched with its API group,
 * so a custom resource that happens to be called `Service` is not mistaken for one.
 */
const INSTALL_ORDER: ReadonlyArray<[kind: string, groups: string[]]> = [
  ['PriorityClass', ['scheduling.k8s.io']],
  ['Namespace', ['']],
  ['NetworkPolicy', ['networking.k8s.io']],
  ['ResourceQuota', ['']],
  ['LimitRange', ['']],
  ['PodSecurityPolicy', ['policy']],
  ['PodDisruptionBudget', ['policy']],
  ['ServiceAccount', ['']],
  ['Secret', ['']],
  ['SecretList', ['']],
  ['ConfigMap', ['']],
  ['StorageClass', ['storage.k8s.io']],
  ['PersistentVolume', ['']],
  ['PersistentVolumeClaim', ['']],
  ['CustomResourceDefinition', ['apiextensions.k8s.io']],
  ['ClusterRole', ['rbac.authorization.k8s.io']],
  ['ClusterRoleList', ['rbac.authorization.k8s.io']],
  ['ClusterRoleBinding', ['rbac.authorization.k8s.io']],
  ['ClusterRoleBindingList', ['rbac.authorization.k8s.io']],
  ['Role', ['rbac.authorization.k8s.io']],
  ['RoleList', ['rbac.authorization.k8s.io']],
  ['RoleBinding', ['rbac.authorization.k8s.io']],
  ['RoleBindingList', ['rbac.authorization.k8s.io']],
  ['Service', ['']],
  ['DaemonSet', ['apps']],
  ['Pod', ['']],
  ['ReplicationController', ['']],
  ['ReplicaSet', ['apps']],
  ['Deployment', ['apps']],
  ['HorizontalPodAutoscaler', ['autoscaling']],
  ['StatefulSet', ['apps']],
  ['Job', ['batch']],
  ['CronJob', ['batch']],
  ['IngressClass', ['networking.k8s.io']],
  ['Ingress', ['networking.k8s.io']],
  ['APIService', ['apiregistration.k8s.io']],
  ['MutatingWebhookConfiguration', ['admissionregistration.k8s.io']],
  ['ValidatingWebhookConfiguration', ['admissionregistration.k8s.io']],
];

const RANK = new Map<string, number>(
  INSTALL_ORDER.flatMap(([kind, groups], i) =>
    groups.map(g => [`${g}/${kind}`, i]),
  ),
);

/** Position of a kind in the install order; custom resources and other unknown kinds rank last. */
export function kindRank(obj: KubeObject): number {
  return (
    RANK.get(`${groupOf(obj.apiVersion)}/${obj.kind}`) ?? INSTALL_ORDER.length
  );
}

function byText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** Install order within one wave: kind rank, then (for unknown kinds) kind and group, namespace, name. */
export function compareInstallOrder(a: KubeObject, b: KubeObject): number {
  return (
    kindRank(a) - kindRank(b) ||
    byText(a.kind, b.kind) ||
    byText(groupOf(a.apiVersion), groupOf(b.apiVersion)) ||
    byText(a.metadata.namespace ?? '', b.metadata.namespace ?? '') ||
    byText(a.metadata.name, b.metadata.name)
  );
}
