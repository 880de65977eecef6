import type { Cluster } from './cluster';
import { isPlainObject } from './objectUtil';
import type { KubeObject, ResourceType } from './types';

/**
 * The defaulting the API server applies on write, for the fields a client most often sees come back
 * (so that a client-side diff of a manifest against the live object looks as it does on a cluster).
 */
export interface DefaultingContext {
  cluster: Cluster;
  live?: KubeObject;
}

const orDefault = (o: any, key: string, value: any) => {
  if (o[key] === undefined || o[key] === null) o[key] = value;
};

function defaultContainer(c: any) {
  if (!isPlainObject(c)) return;
  orDefault(c, 'terminationMessagePath', '/dev/termination-log');
  orDefault(c, 'terminationMessagePolicy', 'File');
  orDefault(c, 'resources', {});
  if (c.imagePullPolicy === undefined && typeof c.image === 'string') {
    const tag = c.image.includes('@')
      ? 'digest'
      : c.image.split('/').pop()!.split(':')[1];
    c.imagePullPolicy =
      tag === undefined || tag === 'latest' ? 'Always' : 'IfNotPresent';
  }
  for (const p of Array.isArray(c.ports) ? c.ports : [])
    orDefault(p, 'protocol', 'TCP');
}

export function defaultPodSpec(spec: any) {
  if (!isPlainObject(spec)) return;
  orDefault(spec, 'restartPolicy', 'Always');
  orDefault(spec, 'terminationGracePeriodSeconds', 30);
  orDefault(spec, 'dnsPolicy', 'ClusterFirst');
  orDefault(spec, 'securityContext', {});
  orDefault(spec, 'schedulerName', 'default-scheduler');
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])])
    defaultContainer(c);
}

const templateSpec = (o: KubeObject) => o.spec?.template?.spec;

const DEFAULTERS: Record<
  string,
  (o: KubeObject, ctx: DefaultingContext) => void
> = {
  Namespace: o => {
    o.metadata.labels = {
      ...(o.metadata.labels ?? {}),
      'kubernetes.io/metadata.name': o.metadata.name,
    };
    o.spec = o.spec ?? {};
    orDefault(o.spec, 'finalizers', ['kubernetes']);
    o.status = o.status ?? {};
    orDefault(o.status, 'phase', 'Active');
  },
  Secret: o => {
    orDefault(o, 'type', 'Opaque');
    // Secret.stringData is write-only: merged into data (base64) on write and never stored.
    if (isPlainObject(o.stringData)) {
      o.data = { ...(o.data ?? {}) };
      for (const [k, v] of Object.entries(o.stringData)) {
        o.data[k] = Buffer.from(String(v), 'utf8').toString('base64');
      }
    }
    delete o.stringData;
  },
  Service: (o, ctx) => defaultService(o, ctx),
  Pod: o => {
    defaultPodSpec(o.spec);
    if (isPlainObject(o.spec)) {
      orDefault(o.spec, 'serviceAccountName', 'default');
      orDefault(o.spec, 'enableServiceLinks', true);
    }
    o.status = o.status ?? {};
    orDefault(o.status, 'phase', 'Pending');
    orDefault(o.status, 'qosClass', 'BestEffort');
  },
  PersistentVolumeClaim: o => {
    if (isPlainObject(o.spec)) orDefault(o.spec, 'volumeMode', 'Filesystem');
    o.status = o.status ?? {};
    orDefault(o.status, 'phase', 'Pending');
  },
  Deployment: o => {
    if (!isPlainObject(o.spec)) return;
    orDefault(o.spec, 'replicas', 1);
    orDefault(o.spec, 'revisionHistoryLimit', 10);
    orDefault(o.spec, 'progressDeadlineSeconds', 600);
    orDefault(o.spec, 'strategy', {});
    orDefault(o.spec.strategy, 'type', 'RollingUpdate');
    if (o.spec.strategy.type === 'RollingUpdate') {
      orDefault(o.spec.strategy, 'rollingUpdate', {});
      orDefault(o.spec.strategy.rollingUpdate, 'maxUnavailable', '25%');
      orDefault(o.spec.strategy.rollingUpdate, 'maxSurge', '25%');
    }
    defaultPodSpec(templateSpec(o));
  },
  StatefulSet: o => {
    if (!isPlainObject(o.spec)) return;
    orDefault(o.spec, 'replicas', 1);
    orDefault(o.spec, 'podManagementPolicy', 'OrderedReady');
    orDefault(o.spec, 'revisionHistoryLimit', 10);
    orDefault(o.spec, 'updateStrategy', {
      type: 'RollingUpdate',
      rollingUpdate: { partition: 0 },
    });
    orDefault(o.spec, 'persistentVolumeClaimRetentionPolicy', {
      whenDeleted: 'Retain',
      whenScaled: 'Retain',
    });
    defaultPodSpec(templateSpec(o));
  },
  DaemonSet: o => {
    if (!isPlainObject(o.spec)) return;
    orDefault(o.spec, 'revisionHistoryLimit', 10);
    orDefault(o.spec, 'updateStrategy', {
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: 1, maxSurge: 0 },
    });
    defaultPodSpec(templateSpec(o));
  },
  ReplicaSet: o => {
    if (!isPlainObject(o.spec)) return;
    orDefault(o.spec, 'replicas', 1);
    defaultPodSpec(templateSpec(o));
  },
  Job: (o, ctx) => defaultJob(o, !ctx.live),
  CronJob: o => {
    if (!isPlainObject(o.spec)) return;
    orDefault(o.spec, 'concurrencyPolicy', 'Allow');
    orDefault(o.spec, 'suspend', false);
    orDefault(o.spec, 'successfulJobsHistoryLimit', 3);
    orDefault(o.spec, 'failedJobsHistoryLimit', 1);
    defaultPodSpec(o.spec.jobTemplate?.spec?.template?.spec);
  },
  CustomResourceDefinition: o => {
    const names = o.spec?.names;
    if (!isPlainObject(names)) return;
    orDefault(names, 'singular', String(names.kind ?? '').toLowerCase());
    orDefault(names, 'listKind', `${names.kind}List`);
    orDefault(o.spec, 'conversion', { strategy: 'None' });
  },
};

function defaultJob(o: KubeObject, creating: boolean) {
  if (!isPlainObject(o.spec)) return;
  orDefault(o.spec, 'parallelism', 1);
  orDefault(o.spec, 'completions', 1);
  orDefault(o.spec, 'backoffLimit', 6);
  orDefault(o.spec, 'completionMode', 'NonIndexed');
  orDefault(o.spec, 'suspend', false);
  orDefault(o.spec, 'podReplacementPolicy', 'TerminatingOrFailed');
  // The Job controller owns its selector: generated from the uid on create (batch/v1 Job "Pod selector").
  if (creating && !o.spec.manualSelector && o.metadata.uid) {
    const uid = o.metadata.uid;
    const name = o.metadata.name;
    o.spec.selector = {
      matchLabels: { 'batch.kubernetes.io/controller-uid': uid },
    };
    const tpl = (o.spec.template = o.spec.template ?? {});
    tpl.metadata = tpl.metadata ?? {};
    tpl.metadata.labels = {
      ...(tpl.metadata.labels ?? {}),
      'batch.kubernetes.io/controller-uid': uid,
      'batch.kubernetes.io/job-name': name,
      'controller-uid': uid,
      'job-name': name,
    };
  }
  defaultPodSpec(templateSpec(o));
}

function defaultService(o: KubeObject, ctx: DefaultingContext) {
  if (!isPlainObject(o.spec)) o.spec = {};
  const spec = o.spec;
  const old = ctx.live?.spec ?? {};
  orDefault(spec, 'type', 'ClusterIP');
  orDefault(spec, 'sessionAffinity', 'None');
  if (spec.type !== 'ExternalName') {
    // An omitted clusterIP keeps the allocated one on update (it is immutable).
    if (!spec.clusterIP)
      spec.clusterIP = old.clusterIP ?? ctx.cluster.allocateClusterIP();
    if (!spec.clusterIPs) spec.clusterIPs = old.clusterIPs ?? [spec.clusterIP];
    orDefault(spec, 'ipFamilies', ['IPv4']);
    orDefault(spec, 'ipFamilyPolicy', 'SingleStack');
    orDefault(spec, 'internalTrafficPolicy', 'Cluster');
  }
  const wantsNodePort =
    spec.type === 'NodePort' || spec.type === 'LoadBalancer';
  if (wantsNodePort) orDefault(spec, 'externalTrafficPolicy', 'Cluster');
  for (const p of Array.isArray(spec.ports) ? spec.ports : []) {
    orDefault(p, 'protocol', 'TCP');
    orDefault(p, 'targetPort', p.port);
    if (wantsNodePort && !p.nodePort) {
      const before = (old.ports ?? []).find(
        (q: any) => q.port === p.port && q.nodePort,
      );
      p.nodePort = before?.nodePort ?? ctx.cluster.allocateNodePort();
    }
  }
  o.status = o.status ?? { loadBalancer: {} };
}

export function applyDefaults(
  o: KubeObject,
  type: ResourceType,
  ctx: DefaultingContext,
): void {
  if (!type.custom) DEFAULTERS[type.kind]?.(o, ctx);
}
