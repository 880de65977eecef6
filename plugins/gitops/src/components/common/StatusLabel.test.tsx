import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import type {
  AppSyncStatus,
  HealthStatus,
  ResourceSyncStatus,
  SyncResult,
} from '@backstage-gitops/plugin-gitops-common';
import {
  HealthLabel,
  ResourceSyncLabel,
  SyncResultLabel,
  SyncStatusLabel,
} from './StatusLabel';

// Status icons need the Backstage theme, which the test app provides.
const render = (element: JSX.Element) => renderInTestApp(element);

/** The Backstage status indicator a label is drawn with, read from its wrapper. */
function toneOf(text: string): string | null | undefined {
  return screen
    .getByText(text)
    .closest('[data-testid]')
    ?.getAttribute('data-testid');
}

describe('status labels', () => {
  it.each<[AppSyncStatus, string, string]>([
    ['Synced', 'Synced', 'status-ok'],
    ['OutOfSync', 'Out of sync', 'status-warning'],
    ['Syncing', 'Syncing', 'status-running'],
    ['Failed', 'Sync failed', 'status-error'],
    ['Suspended', 'Suspended', 'status-aborted'],
    ['Unknown', 'Unknown', 'status-pending'],
  ])('sync status %s reads "%s" (%s)', async (status, label, tone) => {
    await render(<SyncStatusLabel status={status} />);
    expect(toneOf(label)).toBe(tone);
  });

  it.each<[HealthStatus, string]>([
    ['Healthy', 'status-ok'],
    ['Progressing', 'status-running'],
    ['Degraded', 'status-error'],
    ['Suspended', 'status-aborted'],
    ['Missing', 'status-warning'],
    ['Unknown', 'status-pending'],
  ])('health %s (%s)', async (health, tone) => {
    await render(<HealthLabel health={health} />);
    expect(toneOf(health)).toBe(tone);
  });

  it.each<[ResourceSyncStatus, string, string]>([
    ['Synced', 'Synced', 'status-ok'],
    ['OutOfSync', 'Out of sync', 'status-warning'],
    ['Missing', 'Missing in cluster', 'status-warning'],
    ['Extraneous', 'Not in Git', 'status-warning'],
  ])('resource status %s reads "%s"', async (status, label, tone) => {
    await render(<ResourceSyncLabel status={status} />);
    expect(toneOf(label)).toBe(tone);
  });

  it.each<[SyncResult, string]>([
    ['Running', 'status-running'],
    ['Succeeded', 'status-ok'],
    ['Failed', 'status-error'],
    ['Interrupted', 'status-aborted'],
  ])('sync result %s (%s)', async (result, tone) => {
    await render(<SyncResultLabel result={result} />);
    expect(toneOf(result)).toBe(tone);
  });

  it('still renders a value a newer backend may send', async () => {
    await render(<SyncStatusLabel status={'Paused' as AppSyncStatus} />);
    expect(toneOf('Paused')).toBe('status-pending');
  });

  it('gives the reason on hover', async () => {
    await render(
      <SyncStatusLabel status="OutOfSync" reason="2 objects differ from Git" />,
    );
    expect(screen.getByTitle('2 objects differ from Git')).toBeInTheDocument();
  });
});
