import type { ResourceType, ScaleSubresource } from './types';

const ALL_VERBS = 'create delete deletecollection get list patch update watch';

/** Built-in Deployments, StatefulSets and ReplicaSets scale via spec.replicas; the selector is spec.selector. */
const REPLICAS_SCALE: ScaleSubresource = {
  specReplicasPath: '.spec.replicas',
  statusReplicasPath: '.status.replicas',
  labelSelectorPath: '.spec.selector',
};

/**
 * The kinds a web service (and a GitOps engine deploying it) touches, as a 1.32 server serves them.
 * Columns: apiVersion, Kind, plural, scope (ns = namespaced), short names (- for none), flags:
 *   all = category "all", status / scale = subresources, gen = maintains metadata.generation,
 *   nodc = no deletecollection verb.
 */
const TABLE = `
v1                                 Namespace                 namespaces                 cluster  ns      status,nodc
v1                                 Node                      nodes                      cluster  no      status
v1                                 ConfigMap                 configmaps                 ns       cm      -
v1                                 Secret                    secrets                    ns       -       -
v1                                 Service                   services                   ns       svc     all,status
v1                                 ServiceAccount            serviceaccounts            ns       sa      -
v1                                 Pod                       pods                       ns       po      all,status
v1                                 PersistentVolumeClaim     persistentvolumeclaims     ns       pvc     status
v1                                 Event                     events                     ns       ev      -
v1                                 ResourceQuota             resourcequotas             ns       quota   status
v1                                 LimitRange                limitranges                ns       limits  -
apps/v1                            Deployment                deployments                ns       deploy  all,status,scale,gen
apps/v1                            StatefulSet               statefulsets               ns       sts     all,status,scale,gen
apps/v1                            DaemonSet                 daemonsets                 ns       ds      all,status,gen
apps/v1                            ReplicaSet                replicasets                ns       rs      all,status,scale,gen
batch/v1                           Job                       jobs                       ns       -       all,status,gen
batch/v1                           CronJob                   cronjobs                   ns       cj      all,status,gen
networking.k8s.io/v1               Ingress                   ingresses                  ns       ing     status,gen
networking.k8s.io/v1               NetworkPolicy             networkpolicies            ns       netpol  gen
rbac.authorization.k8s.io/v1       Role                      roles                      ns       -       -
rbac.authorization.k8s.io/v1       RoleBinding               rolebindings               ns       -       -
rbac.authorization.k8s.io/v1       ClusterRole               clusterroles               cluster  -       -
rbac.authorization.k8s.io/v1       ClusterRoleBinding        clusterrolebindings        cluster  -       -
autoscaling/v2                     HorizontalPodAutoscaler   horizontalpodautoscalers   ns       hpa     all,status,gen
policy/v1                          PodDisruptionBudget       poddisruptionbudgets       ns       pdb     status,gen
coordination.k8s.io/v1             Lease                     leases                     ns       -       -
apiextensions.k8s.io/v1            CustomResourceDefinition  customresourcedefinitions  cluster  crd,crds status,gen
`;

function parseTable(): ResourceType[] {
  return TABLE.trim()
    .split('\n')
    .map(line => {
      const [apiVersion, kind, plural, scope, short, flagText] = line
        .trim()
        .split(/\s+/);
      const [group, version] = apiVersion.includes('/')
        ? apiVersion.split('/')
        : ['', apiVersion];
      const flags = new Set(flagText.split(','));
      const verbs = ALL_VERBS.split(' ').filter(
        v => !(flags.has('nodc') && v === 'deletecollection'),
      );
      return {
        group,
        version,
        kind,
        listKind: `${kind}List`,
        plural,
        singular: kind.toLowerCase(),
        namespaced: scope === 'ns',
        shortNames: short === '-' ? [] : short.split(','),
        categories: flags.has('all') ? ['all'] : [],
        verbs,
        statusSubresource: flags.has('status'),
        scale: flags.has('scale') ? REPLICAS_SCALE : undefined,
        tracksGeneration: flags.has('gen'),
        custom: false,
      };
    });
}

const BUILTIN = parseTable();

/** Fresh copies: a registry may be changed without affecting other servers. */
export function builtinResourceTypes(): ResourceType[] {
  return structuredClone(BUILTIN);
}

/** Namespace-scope of a built-in kind, without a running server (undefined if not built in). */
export function isBuiltinNamespaced(
  apiVersion: string,
  kind: string,
): boolean | undefined {
  const t = BUILTIN.find(
    x =>
      (x.group ? `${x.group}/${x.version}` : x.version) === apiVersion &&
      x.kind === kind,
  );
  return t?.namespaced;
}
