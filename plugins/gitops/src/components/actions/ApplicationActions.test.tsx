import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ResponseError } from '@backstage/errors';
import { ApplicationActions } from './ApplicationActions';
import { SHA, makeApp, mockGitOpsApi } from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/renderWithApis';

async function conflict(message: string) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'ConflictError', message },
        response: { statusCode: 409 },
      }),
      {
        status: 409,
        statusText: 'Conflict',
        headers: { 'Content-Type': 'application/json' },
      },
    ),
  );
}

// Each test uses its own entity: permission answers are cached per entity for the test run.
let counter = 0;
function uniqueApp(overrides: Parameters<typeof makeApp>[0] = {}) {
  counter += 1;
  return makeApp({
    entityRef: `component:default/app-${counter}`,
    ...overrides,
  });
}

async function clickWhenEnabled(name: string | RegExp) {
  const button = await screen.findByRole('button', { name });
  await waitFor(() => expect(button).toBeEnabled());
  await userEvent.click(button);
}

async function confirmDialog(confirmLabel: string) {
  const dialog = await screen.findByRole('dialog');
  await userEvent.click(
    within(dialog).getByRole('button', { name: confirmLabel }),
  );
}

describe('ApplicationActions', () => {
  it('asks before syncing, then reports that the sync is queued', async () => {
    const app = uniqueApp();
    const api = mockGitOpsApi();
    const onChanged = jest.fn();
    await renderWithApis(
      <ApplicationActions app={app} onChanged={onChanged} />,
      { api },
    );

    await clickWhenEnabled(/Sync now/);
    expect(await screen.findByText('Sync prod now?')).toBeInTheDocument();
    expect(api.syncApplication).not.toHaveBeenCalled();
    await confirmDialog('Sync');

    expect(await screen.findByText(/Sync of prod queued/)).toBeInTheDocument();
    expect(api.syncApplication).toHaveBeenCalledWith(app.id);
    expect(onChanged).toHaveBeenCalled();
  });

  it('does nothing when the confirmation is cancelled', async () => {
    const api = mockGitOpsApi();
    await renderWithApis(
      <ApplicationActions app={uniqueApp()} onChanged={jest.fn()} />,
      { api },
    );
    await clickWhenEnabled(/Sync now/);
    await userEvent.click(
      within(await screen.findByRole('dialog')).getByRole('button', {
        name: 'Cancel',
      }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(api.syncApplication).not.toHaveBeenCalled();
  });

  it('shows the backend message when a sync is already running (409)', async () => {
    const api = mockGitOpsApi({
      syncApplication: jest
        .fn()
        .mockRejectedValue(
          await conflict('A sync is already running for this application'),
        ),
    });
    const onChanged = jest.fn();
    await renderWithApis(
      <ApplicationActions app={uniqueApp()} onChanged={onChanged} />,
      { api },
    );
    await clickWhenEnabled(/Sync now/);
    await confirmDialog('Sync');
    const status = await screen.findByRole('status');
    expect(status).toHaveTextContent(
      'Sync failed: A sync is already running for this application',
    );
    expect(onChanged).not.toHaveBeenCalled();
  });

  it('refreshes without a confirmation, because nothing in the cluster changes', async () => {
    const app = uniqueApp();
    const api = mockGitOpsApi();
    await renderWithApis(
      <ApplicationActions app={app} onChanged={jest.fn()} />,
      { api },
    );
    await clickWhenEnabled(/Refresh/);
    expect(
      await screen.findByText(/Refresh of prod queued/),
    ).toBeInTheDocument();
    expect(api.refreshApplication).toHaveBeenCalledWith(app.id);
  });

  it('suspends after confirmation, and offers Resume on a suspended application', async () => {
    const app = uniqueApp();
    const api = mockGitOpsApi();
    const { unmount } = await renderWithApis(
      <ApplicationActions app={app} onChanged={jest.fn()} />,
      { api },
    );
    await clickWhenEnabled(/Suspend/);
    await confirmDialog('Suspend');
    expect(await screen.findByText(/prod is suspended/)).toBeInTheDocument();
    expect(api.suspendApplication).toHaveBeenCalledWith(app.id);
    unmount();

    const suspended = uniqueApp({ policy: { ...app.policy, suspended: true } });
    await renderWithApis(
      <ApplicationActions app={suspended} onChanged={jest.fn()} />,
      { api },
    );
    await clickWhenEnabled(/Resume/);
    await confirmDialog('Resume');
    await waitFor(() =>
      expect(api.resumeApplication).toHaveBeenCalledWith(suspended.id),
    );
  });

  it('pins the revision typed in the dialog, and unpins a pinned application', async () => {
    const app = uniqueApp();
    const api = mockGitOpsApi();
    const { unmount } = await renderWithApis(
      <ApplicationActions app={app} onChanged={jest.fn()} />,
      { api },
    );
    await clickWhenEnabled(/^Pin$/);
    const field = await screen.findByLabelText('Commit SHA');
    expect(field).toHaveValue(SHA);
    await userEvent.clear(field);
    await userEvent.type(field, 'beadfeed1234');
    await confirmDialog('Pin');
    expect(await screen.findByText(/pinned to beadfee/)).toBeInTheDocument();
    expect(api.pinRevision).toHaveBeenCalledWith(app.id, 'beadfeed1234');
    unmount();

    const pinned = uniqueApp({ pinnedRevision: SHA });
    await renderWithApis(
      <ApplicationActions app={pinned} onChanged={jest.fn()} />,
      { api },
    );
    await clickWhenEnabled(/Unpin/);
    await confirmDialog('Unpin');
    await waitFor(() =>
      expect(api.unpinRevision).toHaveBeenCalledWith(pinned.id),
    );
  });

  it('disables actions the user may not perform on the entity, saying why', async () => {
    const api = mockGitOpsApi();
    const app = uniqueApp();
    const onAuthorize = jest.fn();
    await renderWithApis(
      <ApplicationActions app={app} onChanged={jest.fn()} />,
      {
        api,
        denied: ['gitops.application.sync', 'gitops.application.revert'],
        onAuthorize,
      },
    );
    const sync = await screen.findByRole('button', { name: /Sync now/ });
    await waitFor(() =>
      expect(
        screen.getByLabelText('You are not allowed to sync this application.'),
      ).toBeInTheDocument(),
    );
    expect(sync).toBeDisabled();
    expect(screen.getByRole('button', { name: /Refresh/ })).toBeDisabled();
    expect(screen.getByRole('button', { name: /^Pin$/ })).toBeDisabled();
    expect(
      screen.getByLabelText(
        'You are not allowed to pin revisions of this application.',
      ),
    ).toBeInTheDocument();
    // Suspend is a separate permission and stays allowed.
    await waitFor(() =>
      expect(screen.getByRole('button', { name: /Suspend/ })).toBeEnabled(),
    );
    // Permissions are resource permissions checked against the application's entity.
    expect(onAuthorize).toHaveBeenCalledWith(
      expect.objectContaining({
        permission: expect.objectContaining({
          name: 'gitops.application.sync',
        }),
        resourceRef: app.entityRef,
      }),
    );
  });

  it('disables every action of an application without a catalog entity', async () => {
    const api = mockGitOpsApi();
    await renderWithApis(
      <ApplicationActions
        app={makeApp({ entityRef: undefined })}
        onChanged={jest.fn()}
      />,
      { api },
    );
    await waitFor(() =>
      expect(screen.getByRole('button', { name: /Sync now/ })).toBeDisabled(),
    );
    expect(screen.getAllByLabelText(/has no catalog entity/).length).toBe(4);
  });
});
