import type { KubeObject } from '@backstage-gitops/plugin-gitops-node';
import { condition, describeCondition, field, num, str } from './access';
import {
  degraded,
  healthy,
  HealthResult,
  progressing,
  suspended,
} from './types';

/** batch/v1 Job: Complete → Healthy, Failed (or FailureTarget, set while failing) → Degraded. */
export function jobHealth(obj: KubeObject): HealthResult {
  for (const type of ['Failed', 'FailureTarget']) {
    const failed = condition(obj, type);
    if (failed?.status === 'True')
      return degraded(describeCondition(failed) || 'Job failed');
  }
  const complete = condition(obj, 'Complete');
  if (complete?.status === 'True')
    return healthy(complete.message ?? 'Job completed');
  if (field(obj, 'spec', 'suspend') === true)
    return suspended('Job is suspended');
  const active = num(obj, 'status', 'active') ?? 0;
  const succeeded = num(obj, 'status', 'succeeded') ?? 0;
  return progressing(
    `Job is running: ${active} active, ${succeeded} succeeded`,
  );
}

/**
 * batch/v1 CronJob: Suspended or Healthy. The status does not record whether the last
 * Job failed (only when one last ran and last succeeded), so failures show on the Jobs.
 */
export function cronJobHealth(obj: KubeObject): HealthResult {
  if (field(obj, 'spec', 'suspend') === true)
    return suspended('CronJob is suspended');
  const last = str(obj, 'status', 'lastScheduleTime');
  return healthy(last ? `Last scheduled at ${last}` : 'Not scheduled yet');
}
