import { act, screen, waitFor, within } from '@testing-library/react';
import { signalApiRef } from '@backstage/plugin-signals-react';
import userEvent from '@testing-library/user-event';
import { useLocation } from 'react-router-dom';
import type { ListApplicationsQuery } from '@backstage-gitops/plugin-gitops-common';
import { GitOpsOverviewContent } from './GitOpsOverviewContent';
import { makeApp, mockGitOpsApi } from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/renderWithApis';

/** Shows the current query string so tests can assert what the URL holds. */
function LocationProbe() {
  const location = useLocation();
  return <div data-testid="location">{location.search}</div>;
}

const TOTAL = 5000;

// A full page of rows with tooltips and permission checks is slow to render in the test DOM.
jest.setTimeout(30_000);

/** A backend of 5,000 apps that serves only the requested page, like the real one. */
function bigApi(prefix: string) {
  return mockGitOpsApi({
    listApplications: async (query: ListApplicationsQuery = {}) => {
      const offset = query.offset ?? 0;
      const limit = query.limit ?? 25;
      const items = Array.from(
        { length: Math.min(limit, TOTAL - offset) },
        (_, i) =>
          makeApp({
            entityRef: `component:default/${prefix}-${offset + i}`,
            environment: 'prod',
            syncStatus: query.syncStatus ?? 'Synced',
            health: query.health ?? 'Healthy',
          }),
      );
      return { items, totalCount: TOTAL, offset, limit };
    },
    countApplications: async () => ({
      total: TOTAL,
      syncStatus: {
        Synced: 4000,
        OutOfSync: 600,
        Syncing: 100,
        Failed: 200,
        Suspended: 50,
        Unknown: 50,
      },
      health: {
        Healthy: 4500,
        Progressing: 200,
        Degraded: 200,
        Suspended: 50,
        Missing: 25,
        Unknown: 25,
      },
    }),
  });
}

async function render(
  options: { route?: string; denied?: string[]; prefix?: string } = {},
) {
  const api = bigApi(options.prefix ?? 'svc');
  await renderWithApis(
    <>
      <GitOpsOverviewContent />
      <LocationProbe />
    </>,
    { api, initialRoute: options.route ?? '/gitops', denied: options.denied },
  );
  await screen.findByRole('table', { name: 'Applications' });
  return api;
}

const location = () =>
  new URLSearchParams(screen.getByTestId('location').textContent ?? '');
const rows = () =>
  within(screen.getByRole('table', { name: 'Applications' }))
    .getAllByRole('row')
    .slice(1);

describe('GitOpsOverviewContent', () => {
  it('fetches and renders only one page of 5,000 applications', async () => {
    const api = await render();
    expect(api.listApplications).toHaveBeenCalledWith(
      expect.objectContaining({ offset: 0, limit: 25 }),
    );
    expect(rows()).toHaveLength(25);
    expect(screen.getByText('1-25 of 5000')).toBeInTheDocument();
    expect(screen.getByText('5000 applications')).toBeInTheDocument();
    expect(screen.getByText('Out of sync: 600')).toBeInTheDocument();
    expect(screen.getByText('Degraded: 200')).toBeInTheDocument();
  });

  it('reads filters, sort and page from the URL and sends them to the API', async () => {
    const api = await render({
      route:
        '/gitops?syncStatus=Failed&health=Degraded&owner=group:default/team-a&cluster=prod&namespace=shop&q=web&orderBy=lastSyncAt&order=desc&page=3&pageSize=50',
    });
    expect(api.listApplications).toHaveBeenLastCalledWith({
      syncStatus: 'Failed',
      health: 'Degraded',
      owner: 'group:default/team-a',
      cluster: 'prod',
      namespace: 'shop',
      q: 'web',
      orderBy: 'lastSyncAt',
      order: 'desc',
      offset: 100,
      limit: 50,
    });
    expect(api.countApplications).toHaveBeenLastCalledWith({
      syncStatus: 'Failed',
      health: 'Degraded',
      owner: 'group:default/team-a',
      cluster: 'prod',
      namespace: 'shop',
      q: 'web',
    });
    expect(screen.getByLabelText('Search')).toHaveValue('web');
  });

  it('filters by a status count when it is clicked, and clears it on a second click', async () => {
    const api = await render({ route: '/gitops?page=4' });
    await userEvent.click(
      screen.getByRole('button', { name: 'Out of sync: 600' }),
    );
    await waitFor(() => expect(location().get('syncStatus')).toBe('OutOfSync'));
    expect(location().get('page')).toBeNull();
    await waitFor(() =>
      expect(api.listApplications).toHaveBeenLastCalledWith(
        expect.objectContaining({ syncStatus: 'OutOfSync', offset: 0 }),
      ),
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Out of sync: 600' }),
    );
    await waitFor(() => expect(location().get('syncStatus')).toBeNull());
  });

  it('filters by health from the picker', async () => {
    const api = await render();
    await userEvent.click(screen.getByRole('button', { name: 'Health Any' }));
    await userEvent.click(screen.getByRole('option', { name: 'Progressing' }));
    await waitFor(() => expect(location().get('health')).toBe('Progressing'));
    await waitFor(() =>
      expect(api.listApplications).toHaveBeenLastCalledWith(
        expect.objectContaining({ health: 'Progressing' }),
      ),
    );
  });

  it('debounces the search: one request for the whole word, written to the URL', async () => {
    const api = await render();
    const before = api.listApplications.mock.calls.length;
    await userEvent.type(screen.getByLabelText('Search'), 'checkout');
    await waitFor(() => expect(location().get('q')).toBe('checkout'));
    await waitFor(() =>
      expect(api.listApplications).toHaveBeenLastCalledWith(
        expect.objectContaining({ q: 'checkout', offset: 0 }),
      ),
    );
    const searches = api.listApplications.mock.calls
      .slice(before)
      .map(([query]) => query?.q);
    expect(searches).toEqual(['checkout']);
  });

  it('writes owner, cluster and namespace filters to the URL', async () => {
    const api = await render();
    await userEvent.type(screen.getByLabelText('Cluster'), 'eu-1');
    await waitFor(() => expect(location().get('cluster')).toBe('eu-1'));
    await userEvent.type(screen.getByLabelText('Namespace'), 'payments');
    await waitFor(() => expect(location().get('namespace')).toBe('payments'));
    await userEvent.type(
      screen.getByLabelText('Owner'),
      'group:default/team-b',
    );
    await waitFor(() =>
      expect(location().get('owner')).toBe('group:default/team-b'),
    );
    await waitFor(() =>
      expect(api.listApplications).toHaveBeenLastCalledWith(
        expect.objectContaining({
          cluster: 'eu-1',
          namespace: 'payments',
          owner: 'group:default/team-b',
        }),
      ),
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Clear filters' }),
    );
    await waitFor(() =>
      expect(screen.getByTestId('location')).toHaveTextContent(/^$/),
    );
  });

  it('sorts on the server: a column click sets orderBy, a second flips the order', async () => {
    const api = await render();
    await userEvent.click(screen.getByRole('button', { name: 'Last sync' }));
    await waitFor(() => expect(location().get('orderBy')).toBe('lastSyncAt'));
    expect(location().get('order')).toBe('asc');
    await userEvent.click(screen.getByRole('button', { name: 'Last sync' }));
    await waitFor(() => expect(location().get('order')).toBe('desc'));
    await waitFor(() =>
      expect(api.listApplications).toHaveBeenLastCalledWith(
        expect.objectContaining({ orderBy: 'lastSyncAt', order: 'desc' }),
      ),
    );
  });

  it('pages on the server and keeps the page in the URL', async () => {
    const api = await render();
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() => expect(location().get('page')).toBe('2'));
    await waitFor(() =>
      expect(screen.getByText('26-50 of 5000')).toBeInTheDocument(),
    );
    expect(api.listApplications).toHaveBeenLastCalledWith(
      expect.objectContaining({ offset: 25, limit: 25 }),
    );
    expect(within(rows()[0]).getByText('svc-25')).toBeInTheDocument();
  });

  it('syncs a row after confirmation', async () => {
    const api = await render();
    const row = rows()[0];
    const sync = within(row).getByRole('button', { name: /^Sync$/ });
    await waitFor(() => expect(sync).toBeEnabled());
    await userEvent.click(sync);
    await userEvent.click(
      within(await screen.findByRole('dialog')).getByRole('button', {
        name: 'Sync',
      }),
    );
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Sync of component:default/svc-0 (prod) queued.',
    );
    expect(api.syncApplication).toHaveBeenCalledWith(
      'component:default/svc-0#prod',
    );
  });

  it('disables row actions without the sync permission', async () => {
    // Other entity names: permission answers are cached per entity for the whole test run.
    await render({ denied: ['gitops.application.sync'], prefix: 'locked' });
    const row = rows()[3];
    await waitFor(() =>
      expect(
        within(row).getByRole('button', { name: /^Sync$/ }),
      ).toBeDisabled(),
    );
    expect(
      within(row).getByRole('button', { name: /^Refresh$/ }),
    ).toBeDisabled();
  });

  it('reloads the page when a shown application changes', async () => {
    let publish: (message: object) => void = () => {};
    const signalApi = {
      subscribe: (_channel: string, onMessage: (message: any) => void) => {
        publish = onMessage;
        return { unsubscribe: () => {} };
      },
    };
    const api = bigApi('live');
    await renderWithApis(<GitOpsOverviewContent />, {
      api,
      extraApis: [[signalApiRef, signalApi]],
    });
    await screen.findByRole('table', { name: 'Applications' });
    const before = api.listApplications.mock.calls.length;
    act(() =>
      publish({
        applicationId: 'component:default/live-3#prod',
        syncStatus: 'OutOfSync',
      }),
    );
    await waitFor(() =>
      expect(api.listApplications.mock.calls.length).toBe(before + 1),
    );
  });
});
