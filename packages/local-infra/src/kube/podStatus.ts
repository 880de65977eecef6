import type { SimInput } from './workloadStatus';

/**
 * Status builders for what runs to completion or just needs binding: Jobs, bare Pods, PVCs and
 * LoadBalancer Services (the batch/v1 Job controller, the kubelet, the volume binder, a cloud LB).
 */

export function jobStatus({ obj, stage, failed, now }: SimInput) {
  const prev = obj.status ?? {};
  const startTime = prev.startTime ?? now;
  const base = { startTime, terminating: 0, uncountedTerminatedPods: {} };
  if (stage === 'progressing')
    return { ...base, active: obj.spec?.parallelism ?? 1, ready: 0 };
  if (failed) {
    const message = 'Job has reached the specified backoff limit';
    return {
      ...base,
      failed: (obj.spec?.backoffLimit ?? 6) + 1,
      ready: 0,
      conditions: [
        {
          type: 'FailureTarget',
          status: 'True',
          lastProbeTime: now,
          lastTransitionTime: now,
          reason: 'BackoffLimitExceeded',
          message,
        },
        {
          type: 'Failed',
          status: 'True',
          lastProbeTime: now,
          lastTransitionTime: now,
          reason: 'BackoffLimitExceeded',
          message,
        },
      ],
    };
  }
  const message = 'Reached expected number of succeeded pods';
  return {
    ...base,
    completionTime: now,
    succeeded: obj.spec?.completions ?? 1,
    ready: 0,
    conditions: [
      {
        type: 'SuccessCriteriaMet',
        status: 'True',
        lastProbeTime: now,
        lastTransitionTime: now,
        reason: 'CompletionsReached',
        message,
      },
      {
        type: 'Complete',
        status: 'True',
        lastProbeTime: now,
        lastTransitionTime: now,
        reason: 'CompletionsReached',
        message,
      },
    ],
  };
}

export function podStatus({ obj, stage, failed, now }: SimInput) {
  const containers: any[] = obj.spec?.containers ?? [];
  const running = stage === 'final' && !failed;
  const podCondition = (type: string, status: boolean) => ({
    type,
    status: status ? 'True' : 'False',
    lastProbeTime: null,
    lastTransitionTime: now,
  });
  return {
    phase: running ? 'Running' : 'Pending',
    conditions: [
      podCondition('PodReadyToStartContainers', stage === 'final'),
      podCondition('Initialized', true),
      podCondition('Ready', running),
      podCondition('ContainersReady', running),
      podCondition('PodScheduled', true),
    ],
    hostIP: '10.0.0.2',
    hostIPs: [{ ip: '10.0.0.2' }],
    podIP: '10.244.0.10',
    podIPs: [{ ip: '10.244.0.10' }],
    startTime: obj.status?.startTime ?? now,
    qosClass: obj.status?.qosClass ?? 'BestEffort',
    containerStatuses: containers.map(c => ({
      name: c.name,
      image: c.image,
      imageID: '',
      ready: running,
      started: running,
      restartCount: 0,
      state: running
        ? { running: { startedAt: now } }
        : {
            waiting:
              stage === 'final'
                ? {
                    reason: 'ImagePullBackOff',
                    message: `Back-off pulling image "${c.image}"`,
                  }
                : { reason: 'ContainerCreating' },
          },
    })),
  };
}

export function pvcStatus({ obj }: SimInput) {
  const storage = obj.spec?.resources?.requests?.storage;
  return {
    phase: 'Bound',
    accessModes: obj.spec?.accessModes ?? [],
    ...(storage ? { capacity: { storage } } : {}),
  };
}

export function loadBalancerStatus(_: SimInput) {
  return { loadBalancer: { ingress: [{ ip: '127.0.0.1', ipMode: 'VIP' }] } };
}
