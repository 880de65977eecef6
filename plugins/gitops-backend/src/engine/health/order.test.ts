import type { HealthStatus } from '@backstage-gitops/plugin-gitops-node';
import { worstHealth } from './order';

describe('worstHealth', () => {
  it.each<[HealthStatus[], HealthStatus]>([
    [[], 'Healthy'],
    [['Healthy'], 'Healthy'],
    [['Healthy', 'Suspended'], 'Suspended'],
    [['Suspended', 'Progressing', 'Healthy'], 'Progressing'],
    [['Progressing', 'Missing'], 'Missing'],
    [['Missing', 'Degraded', 'Progressing'], 'Degraded'],
    [['Degraded', 'Unknown', 'Healthy'], 'Unknown'],
  ])('%j → %s', (statuses, expected) => {
    expect(worstHealth(statuses)).toBe(expected);
  });
});
