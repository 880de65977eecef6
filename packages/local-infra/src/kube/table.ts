import type { KubeObject, ResourceType } from './types';

/** api-concepts: "Receiving resources as Tables" — the server-side printing kubectl get uses. */

interface Column {
  name: string;
  type: string;
  format?: string;
  description: string;
  cell: (o: KubeObject) => unknown;
}

const count = (v: unknown) =>
  v && typeof v === 'object' ? Object.keys(v).length : 0;
const num = (v: unknown) => (typeof v === 'number' ? v : 0);

/** kubectl's human duration ("45s", "3m20s", "5h", "12d"). */
export function humanAge(since: string | undefined, now = Date.now()): string {
  if (!since) return '<unknown>';
  const s = Math.max(0, Math.floor((now - Date.parse(since)) / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 ? `${m}m${s % 60}s` : `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 3) return `${m}m`;
  if (h < 8) return m % 60 ? `${h}h${m % 60}m` : `${h}h`;
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  return d < 8 && h % 24 ? `${d}d${h % 24}h` : `${d}d`;
}

const NAME: Column = {
  name: 'Name',
  type: 'string',
  format: 'name',
  description: 'Name must be unique within a namespace.',
  cell: o => o.metadata.name,
};
const AGE: Column = {
  name: 'Age',
  type: 'string',
  description:
    'CreationTimestamp is a timestamp representing the server time when this object was created.',
  cell: o => humanAge(o.metadata.creationTimestamp),
};
const col = (name: string, type: string, cell: Column['cell']): Column => ({
  name,
  type,
  description: name,
  cell,
});

const KIND_COLUMNS: Record<string, Column[]> = {
  Namespace: [col('Status', 'string', o => o.status?.phase ?? '')],
  ConfigMap: [col('Data', 'integer', o => count(o.data) + count(o.binaryData))],
  Secret: [
    col('Type', 'string', o => o.type ?? ''),
    col('Data', 'integer', o => count(o.data)),
  ],
  Service: [
    col('Type', 'string', o => o.spec?.type ?? ''),
    col('Cluster-IP', 'string', o => o.spec?.clusterIP ?? ''),
    col(
      'External-IP',
      'string',
      o =>
        o.status?.loadBalancer?.ingress
          ?.map((i: any) => i.ip ?? i.hostname)
          .join(',') || '<none>',
    ),
    col(
      'Port(s)',
      'string',
      o =>
        (o.spec?.ports ?? [])
          .map(
            (p: any) =>
              `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${
                p.protocol ?? 'TCP'
              }`,
          )
          .join(',') || '<none>',
    ),
  ],
  Pod: [
    col(
      'Ready',
      'string',
      o =>
        `${
          (o.status?.containerStatuses ?? []).filter((c: any) => c.ready).length
        }/${(o.spec?.containers ?? []).length}`,
    ),
    col('Status', 'string', o => o.status?.phase ?? ''),
    col('Restarts', 'string', () => '0'),
  ],
  Deployment: [
    col(
      'Ready',
      'string',
      o => `${num(o.status?.readyReplicas)}/${num(o.spec?.replicas)}`,
    ),
    col('Up-to-date', 'integer', o => num(o.status?.updatedReplicas)),
    col('Available', 'integer', o => num(o.status?.availableReplicas)),
  ],
  StatefulSet: [
    col(
      'Ready',
      'string',
      o => `${num(o.status?.readyReplicas)}/${num(o.spec?.replicas)}`,
    ),
  ],
  ReplicaSet: [
    col('Desired', 'integer', o => num(o.spec?.replicas)),
    col('Current', 'integer', o => num(o.status?.replicas)),
    col('Ready', 'integer', o => num(o.status?.readyReplicas)),
  ],
  DaemonSet: [
    col('Desired', 'integer', o => num(o.status?.desiredNumberScheduled)),
    col('Current', 'integer', o => num(o.status?.currentNumberScheduled)),
    col('Ready', 'integer', o => num(o.status?.numberReady)),
    col('Up-to-date', 'integer', o => num(o.status?.updatedNumberScheduled)),
    col('Available', 'integer', o => num(o.status?.numberAvailable)),
  ],
  Job: [
    col(
      'Status',
      'string',
      o =>
        (o.status?.conditions ?? []).find((c: any) => c.status === 'True')
          ?.type ?? 'Running',
    ),
    col(
      'Completions',
      'string',
      o => `${num(o.status?.succeeded)}/${num(o.spec?.completions)}`,
    ),
  ],
};

function columnsFor(type: ResourceType): Column[] {
  return [NAME, ...((!type.custom && KIND_COLUMNS[type.kind]) || []), AGE];
}

export type IncludeObject = 'None' | 'Metadata' | 'Object';

function rowObject(o: KubeObject, include: IncludeObject) {
  if (include === 'None') return undefined;
  if (include === 'Object') return o;
  return {
    kind: 'PartialObjectMetadata',
    apiVersion: 'meta.k8s.io/v1',
    metadata: o.metadata,
  };
}

export function toTable(
  type: ResourceType,
  objects: KubeObject[],
  listMeta: Record<string, unknown>,
  include: IncludeObject,
  version: string,
) {
  const columns = columnsFor(type);
  return {
    kind: 'Table',
    apiVersion: `meta.k8s.io/${version}`,
    metadata: listMeta,
    columnDefinitions: columns.map(c => ({
      name: c.name,
      type: c.type,
      format: c.format ?? '',
      description: c.description,
      priority: 0,
    })),
    rows: objects.map(o => ({
      cells: columns.map(c => c.cell(o)),
      object: rowObject(o, include),
    })),
  };
}
