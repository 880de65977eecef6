import type { KubeObject } from '@backstage-gitops/plugin-gitops-node';
import { list, str } from './access';
import { healthy, HealthResult, progressing } from './types';

function addresses(obj: KubeObject): string[] {
  return list(obj, 'status', 'loadBalancer', 'ingress').flatMap(i => {
    const address = str(i, 'hostname') ?? str(i, 'ip');
    return address ? [address] : [];
  });
}

/** A LoadBalancer Service is Progressing until the cloud provider publishes an address. */
export function serviceHealth(obj: KubeObject): HealthResult {
  if (str(obj, 'spec', 'type') !== 'LoadBalancer') return healthy();
  const found = addresses(obj);
  return found.length > 0
    ? healthy(`Load balancer at ${found.join(', ')}`)
    : progressing('Waiting for the load balancer to be provisioned');
}

/**
 * Ingress is Healthy even without an address: many ingress controllers (and every
 * cluster without one) never publish status.loadBalancer, and waiting for it would keep
 * such applications Progressing forever. The address is reported when there is one.
 */
export function ingressHealth(obj: KubeObject): HealthResult {
  const found = addresses(obj);
  return healthy(
    found.length > 0
      ? `Ingress at ${found.join(', ')}`
      : 'No address published by the ingress controller',
  );
}
