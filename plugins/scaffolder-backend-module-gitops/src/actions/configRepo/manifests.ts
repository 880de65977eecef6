import { ConfigRepoInput, imageReference } from './input';

/** A Kubernetes object as written to the repository. */
export type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: Record<string, unknown>;
  [field: string]: unknown;
};

const PORT_NAME = 'http';
const SERVICE_PORT = 80;

export function labelsOf(name: string): Record<string, string> {
  return { 'app.kubernetes.io/name': name };
}

export function serviceAccount(input: ConfigRepoInput): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: input.name, labels: labelsOf(input.name) },
    // The workload gets an identity of its own, but no API token unless it asks for one.
    automountServiceAccountToken: false,
  };
}

export function deployment(input: ConfigRepoInput): Manifest {
  const labels = labelsOf(input.name);
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: input.name, labels },
    spec: {
      // With an autoscaler the replica count is its field: writing it here would make every sync
      // fight the autoscaler. Overlays set it per environment otherwise.
      ...(input.hpa ? {} : { replicas: 1 }),
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: input.name,
          containers: [
            {
              name: input.name,
              image: imageReference(input),
              ports: [{ name: PORT_NAME, containerPort: input.port }],
              // CPU utilization targets are relative to requests; without them an HPA cannot scale.
              resources: { requests: { cpu: '100m', memory: '128Mi' } },
            },
          ],
        },
      },
    },
  };
}

export function service(input: ConfigRepoInput): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: input.name, labels: labelsOf(input.name) },
    spec: {
      selector: labelsOf(input.name),
      ports: [{ name: PORT_NAME, port: SERVICE_PORT, targetPort: PORT_NAME }],
    },
  };
}

export function ingress(input: ConfigRepoInput, host: string): Manifest {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: input.name, labels: labelsOf(input.name) },
    spec: {
      rules: [
        {
          host,
          http: {
            paths: [
              {
                path: '/',
                pathType: 'Prefix',
                backend: {
                  service: { name: input.name, port: { name: PORT_NAME } },
                },
              },
            ],
          },
        },
      ],
    },
  };
}

export function horizontalPodAutoscaler(
  input: ConfigRepoInput,
  hpa: NonNullable<ConfigRepoInput['hpa']>,
): Manifest {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: input.name, labels: labelsOf(input.name) },
    spec: {
      scaleTargetRef: {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: input.name,
      },
      minReplicas: hpa.min,
      maxReplicas: hpa.max,
      metrics: [
        {
          type: 'Resource',
          resource: {
            name: 'cpu',
            target: { type: 'Utilization', averageUtilization: hpa.cpu },
          },
        },
      ],
    },
  };
}

export function namespace(name: string): Manifest {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}
