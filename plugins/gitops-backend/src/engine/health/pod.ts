import type { KubeObject } from '@backstage-gitops/plugin-gitops-node';
import { condition, list, str } from './access';
import { degraded, healthy, HealthResult, progressing } from './types';

/**
 * A container stuck waiting for a reason that will not fix itself: CrashLoopBackOff,
 * ImagePullBackOff, ErrImagePull, CreateContainerConfigError, InvalidImageName, …
 * (the kubelet's reasons follow these naming patterns; gitops-engine matches them alike).
 */
export function isErrorWaitingReason(reason: string): boolean {
  return (
    reason.startsWith('Err') ||
    reason.endsWith('Error') ||
    reason.endsWith('BackOff') ||
    reason === 'InvalidImageName'
  );
}

function stuckContainer(obj: KubeObject): string | undefined {
  const statuses = [
    ...list(obj, 'status', 'initContainerStatuses'),
    ...list(obj, 'status', 'containerStatuses'),
  ];
  for (const s of statuses) {
    const reason = str(s, 'state', 'waiting', 'reason');
    if (reason && isErrorWaitingReason(reason)) {
      const message = str(s, 'state', 'waiting', 'message');
      return `container ${str(s, 'name') ?? '?'}: ${reason}${
        message ? `: ${message}` : ''
      }`;
    }
  }
  return undefined;
}

export function podHealth(obj: KubeObject): HealthResult {
  const phase = str(obj, 'status', 'phase');
  const stuck = stuckContainer(obj);
  const restartPolicy = str(obj, 'spec', 'restartPolicy') ?? 'Always';
  switch (phase) {
    case 'Succeeded':
      return healthy(str(obj, 'status', 'message') ?? 'Pod completed');
    case 'Failed':
      return degraded(
        str(obj, 'status', 'message') ??
          str(obj, 'status', 'reason') ??
          'Pod failed',
      );
    case 'Pending':
      return stuck
        ? degraded(stuck)
        : progressing(str(obj, 'status', 'message') ?? 'Pod is pending');
    case 'Running': {
      if (stuck) return degraded(stuck);
      // A run-to-completion pod is healthy only once it has Succeeded.
      if (restartPolicy !== 'Always') return progressing('Pod is running');
      const ready = condition(obj, 'Ready');
      return ready?.status === 'True'
        ? healthy('Pod is running and ready')
        : progressing(ready?.message ?? 'Waiting for the pod to be ready');
    }
    default:
      return {
        status: 'Unknown',
        message: phase ? `Pod phase ${phase}` : 'Pod has no phase yet',
      };
  }
}
