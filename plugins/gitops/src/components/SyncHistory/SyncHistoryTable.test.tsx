import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { SyncRecord } from '@backstage-gitops/plugin-gitops-common';
import { SyncHistoryTable } from './SyncHistoryTable';
import { makeSync, mockGitOpsApi } from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/renderWithApis';

const APP_ID = 'component:default/shop#prod';
const REPO = 'https://gitlab.example.com/acme/shop-config.git';

/** 23 records served page by page like the backend, newest first. */
const all: SyncRecord[] = Array.from({ length: 23 }, (_, i) =>
  makeSync(
    i + 1,
    i === 1
      ? {
          result: 'Failed',
          error: 'apply Deployment shop/web: field is immutable',
          trigger: 'self-heal',
        }
      : {},
  ),
);

function pagedApi() {
  return mockGitOpsApi({
    getApplicationHistory: async (_id, page = {}) => {
      const offset = page.offset ?? 0;
      const limit = page.limit ?? 10;
      return {
        items: all.slice(offset, offset + limit),
        totalCount: all.length,
        offset,
        limit,
      };
    },
  });
}

function bodyRows() {
  return within(screen.getByRole('table', { name: 'Sync history' }))
    .getAllByRole('row')
    .slice(1);
}

let counter = 0;
const entityRef = () => `component:default/history-${++counter}`;

const renderTable = (
  api: ReturnType<typeof mockGitOpsApi>,
  options: { denied?: string[] } = {},
) =>
  renderWithApis(
    <SyncHistoryTable
      applicationId={APP_ID}
      repoUrl={REPO}
      entityRef={entityRef()}
    />,
    { api, ...options },
  );

describe('SyncHistoryTable', () => {
  it('shows each sync: revision link, trigger, who, result, counts, duration, error', async () => {
    await renderTable(pagedApi());
    await screen.findByRole('table', { name: 'Sync history' });
    const [first, second] = bodyRows();
    expect(
      within(first).getByRole('link', { name: /^commit 01/ }),
    ).toHaveAttribute(
      'href',
      expect.stringContaining(
        `${'https://gitlab.example.com/acme/shop-config/-/commit/'}01`,
      ),
    );
    expect(within(first).getByText('New commit (poll)')).toBeInTheDocument();
    expect(within(first).getByText('Succeeded')).toBeInTheDocument();
    expect(
      within(first).getByLabelText('created, updated, unchanged, pruned'),
    ).toHaveTextContent('+1 ~2 =3 −0');
    expect(within(first).getByText('3.0 s')).toBeInTheDocument();
    expect(within(second).getByText('Drift correction')).toBeInTheDocument();
    expect(within(second).getByText('Failed')).toBeInTheDocument();
    expect(
      within(second).getByText('apply Deployment shop/web: field is immutable'),
    ).toBeInTheDocument();
  });

  it('pages through the history on the server', async () => {
    const api = pagedApi();
    await renderTable(api);
    await screen.findByRole('table', { name: 'Sync history' });
    expect(api.getApplicationHistory).toHaveBeenLastCalledWith(APP_ID, {
      offset: 0,
      limit: 10,
    });
    expect(screen.getByText('1-10 of 23')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() =>
      expect(screen.getByText('11-20 of 23')).toBeInTheDocument(),
    );
    expect(api.getApplicationHistory).toHaveBeenLastCalledWith(APP_ID, {
      offset: 10,
      limit: 10,
    });
    expect(
      within(bodyRows()[0]).getByText('Change number 11 — Ada Lovelace'),
    ).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() =>
      expect(screen.getByText('21-23 of 23')).toBeInTheDocument(),
    );
    expect(bodyRows()).toHaveLength(3);
  });

  it('says "more than" when the backend stopped counting a long history', async () => {
    const api = mockGitOpsApi({
      getApplicationHistory: async (_id, page = {}) => ({
        items: all.slice(0, page.limit ?? 10),
        totalCount: 10_000,
        totalCountCapped: true,
        offset: page.offset ?? 0,
        limit: page.limit ?? 10,
      }),
    });
    await renderTable(api);
    await screen.findByRole('table', { name: 'Sync history' });
    expect(screen.getByText('1-10 of more than 10,000')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Next page' })).toBeEnabled();
  });

  it('offers "Revert this change" only on succeeded syncs, and reverts after confirmation', async () => {
    const api = pagedApi();
    await renderTable(api);
    await screen.findByRole('table', { name: 'Sync history' });
    const [first, failed] = bodyRows();
    expect(
      within(failed).queryByRole('button', { name: /Revert this change/ }),
    ).not.toBeInTheDocument();

    const revert = within(first).getByRole('button', {
      name: /Revert this change/,
    });
    await waitFor(() => expect(revert).toBeEnabled());
    await userEvent.click(revert);
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('Change number 1');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Revert' }),
    );

    expect(await screen.findByRole('status')).toHaveTextContent(
      'Revert commit feedbee pushed',
    );
    expect(api.revertSync).toHaveBeenCalledWith(APP_ID, 'sync-1');
  });

  it('disables revert without the revert permission', async () => {
    await renderTable(pagedApi(), { denied: ['gitops.application.revert'] });
    await screen.findByRole('table', { name: 'Sync history' });
    await waitFor(() =>
      expect(
        screen.getAllByLabelText(
          'You are not allowed to revert changes of this application.',
        ).length,
      ).toBeGreaterThan(0),
    );
    for (const button of screen.getAllByRole('button', {
      name: /Revert this change/,
    })) {
      expect(button).toBeDisabled();
    }
  });

  it('shows an error with retry when the history cannot be read', async () => {
    const api = pagedApi();
    api.getApplicationHistory.mockRejectedValueOnce(
      new Error('connection refused'),
    );
    await renderTable(api);
    expect(await screen.findByText('connection refused')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(
      await screen.findByRole('table', { name: 'Sync history' }),
    ).toBeInTheDocument();
  });
});
