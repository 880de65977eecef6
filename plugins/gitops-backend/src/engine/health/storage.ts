import type { KubeObject } from '@backstage-gitops/plugin-gitops-node';
import { str } from './access';
import { degraded, healthy, HealthResult, progressing } from './types';

export function pvcHealth(obj: KubeObject): HealthResult {
  const phase = str(obj, 'status', 'phase');
  switch (phase) {
    case 'Bound':
      return healthy('Volume is bound');
    case 'Lost':
      return degraded('The bound volume is lost');
    case 'Pending':
    case undefined:
      // Also the normal state with WaitForFirstConsumer until a pod uses the claim.
      return progressing('Waiting for the volume to be bound');
    default:
      return { status: 'Unknown', message: `Claim phase ${phase}` };
  }
}
