import { createHealthRegistry } from './registry';
import { live } from './testObjects';
import type { HealthCheck } from './types';

describe('createHealthRegistry', () => {
  const widget = live('example.com/v1', 'Widget', {
    status: { phase: 'Broken' },
  });
  const byPhase: HealthCheck = obj =>
    (obj.status as { phase?: string })?.phase === 'Broken'
      ? { status: 'Degraded', message: 'broken' }
      : undefined;

  it.each<[string, Record<string, HealthCheck>, object, string]>([
    [
      'an added check for a custom kind',
      { 'example.com/Widget': byPhase },
      widget,
      'Degraded',
    ],
    [
      'a check for another kind does not apply',
      { 'example.com/Gadget': byPhase },
      widget,
      'Healthy',
    ],
    [
      'a check overriding a core kind, keyed by bare Kind',
      { Service: () => ({ status: 'Degraded', message: 'x' }) },
      live('v1', 'Service', {}),
      'Degraded',
    ],
    [
      'a core kind keyed with a leading slash',
      { '/Service': () => ({ status: 'Degraded', message: 'x' }) },
      live('v1', 'Service', {}),
      'Degraded',
    ],
    [
      'a check deferring to the built-in one',
      { 'apps/Deployment': () => undefined },
      live('apps/v1', 'Deployment', { spec: { paused: true } }),
      'Suspended',
    ],
    [
      'a throwing check',
      {
        'example.com/Widget': () => {
          throw new Error('boom');
        },
      },
      widget,
      'Unknown',
    ],
  ])('%s', (_name, checks, obj, expected) => {
    expect(createHealthRegistry(checks).assessHealth(obj as never).status).toBe(
      expected,
    );
  });

  it('reports which check failed', () => {
    const registry = createHealthRegistry({
      'example.com/Widget': () => {
        throw new Error('boom');
      },
    });
    expect(registry.assessHealth(widget).message).toBe(
      'Health check for example.com/Widget failed: boom',
    );
  });
});
