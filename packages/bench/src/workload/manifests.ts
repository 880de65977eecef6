import { stringify } from 'yaml';

type Obj = Record<string, any>;

/** The six kinds every benchmark application mixes, in the order a component adds them. */
export const KINDS = [
  'ConfigMap',
  'Secret',
  'Service',
  'Deployment',
  'ServiceAccount',
  'Role',
] as const;

function meta(name: string, componentName: string, namespace?: string) {
  return {
    name,
    ...(namespace ? { namespace } : {}),
    labels: {
      'app.kubernetes.io/name': componentName,
      'app.kubernetes.io/part-of': 'bench',
    },
  };
}

/** One component's objects: what a typical service repository declares for each workload. */
function component(
  c: string,
  namespace: string | undefined,
  revision: string,
  replicas: number,
): Obj[] {
  const labels = { 'app.kubernetes.io/name': c };
  return [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta(`${c}-config`, c, namespace),
      data: {
        LOG_LEVEL: 'info',
        FEATURE_FLAGS: 'a,b,c',
        REVISION: revision,
        'app.properties': `server.port=8080\ncache.size=256\nname=${c}\n`,
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: meta(`${c}-secret`, c, namespace),
      type: 'Opaque',
      data: {
        password: Buffer.from(`pw-${c}`).toString('base64'),
        token: Buffer.from(`token-${c}-0123456789`).toString('base64'),
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(c, c, namespace),
      spec: {
        selector: labels,
        ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }],
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta(c, c, namespace),
      spec: {
        replicas,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: c,
            containers: [
              {
                name: 'app',
                image: `registry.example.com/bench/${c}:1.4.2`,
                ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
                envFrom: [{ configMapRef: { name: `${c}-config` } }],
                env: [
                  {
                    name: 'PASSWORD',
                    valueFrom: {
                      secretKeyRef: { name: `${c}-secret`, key: 'password' },
                    },
                  },
                ],
                resources: {
                  requests: { cpu: '100m', memory: '128Mi' },
                  limits: { memory: '256Mi' },
                },
                readinessProbe: {
                  httpGet: { path: '/healthz', port: 8080 },
                  periodSeconds: 10,
                },
              },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: meta(c, c, namespace),
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: meta(`${c}-reader`, c, namespace),
      rules: [
        {
          apiGroups: [''],
          resources: ['configmaps', 'secrets'],
          verbs: ['get', 'list', 'watch'],
        },
      ],
    },
  ];
}

export interface AppManifestOptions {
  /** Total objects; components of six are added until the count is reached. */
  objects: number;
  /** Written into every object when given; otherwise the destination namespace applies. */
  namespace?: string;
  /** Folder inside the repository. */
  dir?: string;
  /** Name prefix, so several apps can share a namespace-free repository. */
  prefix?: string;
  /** Value of each ConfigMap's `REVISION` key. */
  revision?: string;
  /** Replicas of each Deployment (default 2). */
  replicas?: number;
}

/** Files of one application: one multi-document YAML file per component. */
export function appManifestFiles(
  options: AppManifestOptions,
): Record<string, string> {
  const files: Record<string, string> = {};
  const dir = options.dir ? `${options.dir.replace(/\/+$/, '')}/` : '';
  let remaining = options.objects;
  for (let i = 0; remaining > 0; i++) {
    const name = `${options.prefix ?? 'svc'}-${String(i).padStart(4, '0')}`;
    const objects = component(
      name,
      options.namespace,
      options.revision ?? '1',
      options.replicas ?? 2,
    ).slice(0, remaining);
    remaining -= objects.length;
    files[`${dir}${name}.yaml`] = objects.map(o => stringify(o)).join('---\n');
  }
  return files;
}

/** The ConfigMap file the latency scenarios change: one object whose `revision` value is the marker. */
export function markerConfigMap(name: string, revision: string): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name },
    data: { revision },
  });
}
