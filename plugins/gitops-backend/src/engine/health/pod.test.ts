import { isErrorWaitingReason } from './pod';
import { assessHealth } from './registry';
import { live } from './testObjects';

const waiting = (reason: string, message = '') => ({
  containerStatuses: [{ name: 'web', state: { waiting: { reason, message } } }],
});

describe('Pod health', () => {
  it.each<[string, object, object, string, RegExp]>([
    [
      'running and ready',
      {},
      { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
      'Healthy',
      /ready/,
    ],
    [
      'running, not ready',
      {},
      {
        phase: 'Running',
        conditions: [
          {
            type: 'Ready',
            status: 'False',
            message: 'containers with unready status: [web]',
          },
        ],
      },
      'Progressing',
      /unready status/,
    ],
    [
      'crash looping',
      {},
      {
        phase: 'Running',
        ...waiting(
          'CrashLoopBackOff',
          'back-off 5m0s restarting failed container',
        ),
      },
      'Degraded',
      /^container web: CrashLoopBackOff: back-off 5m0s/,
    ],
    [
      'image pull back-off while pending',
      {},
      { phase: 'Pending', ...waiting('ImagePullBackOff') },
      'Degraded',
      /^container web: ImagePullBackOff$/,
    ],
    [
      'image pull error in an init container',
      {},
      {
        phase: 'Pending',
        initContainerStatuses: [
          { name: 'init', state: { waiting: { reason: 'ErrImagePull' } } },
        ],
      },
      'Degraded',
      /container init: ErrImagePull/,
    ],
    [
      'creating containers',
      {},
      { phase: 'Pending', ...waiting('ContainerCreating') },
      'Progressing',
      /pending/,
    ],
    [
      'succeeded',
      { restartPolicy: 'Never' },
      { phase: 'Succeeded' },
      'Healthy',
      /completed/,
    ],
    [
      'failed',
      { restartPolicy: 'Never' },
      { phase: 'Failed', message: 'OOMKilled' },
      'Degraded',
      /OOMKilled/,
    ],
    [
      'a running job pod',
      { restartPolicy: 'OnFailure' },
      { phase: 'Running' },
      'Progressing',
      /running/,
    ],
    ['unknown phase', {}, { phase: 'Unknown' }, 'Unknown', /Unknown/],
    ['no status yet', {}, {}, 'Unknown', /no phase/],
  ])('%s', (_name, spec, status, expected, message) => {
    const result = assessHealth(live('v1', 'Pod', { spec, status }));
    expect(result.status).toBe(expected);
    expect(result.message).toMatch(message);
  });

  it.each([
    ['CrashLoopBackOff', true],
    ['ImagePullBackOff', true],
    ['ErrImagePull', true],
    ['CreateContainerConfigError', true],
    ['InvalidImageName', true],
    ['ContainerCreating', false],
    ['PodInitializing', false],
  ])('waiting reason %s is an error: %s', (reason, expected) => {
    expect(isErrorWaitingReason(reason)).toBe(expected);
  });
});
