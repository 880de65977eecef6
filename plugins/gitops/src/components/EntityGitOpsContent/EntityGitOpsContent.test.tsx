import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ResponseError } from '@backstage/errors';
import { act } from '@testing-library/react';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { GITOPS_SIGNAL_CHANNEL } from '@backstage-gitops/plugin-gitops-common';
import { EntityGitOpsContent } from './EntityGitOpsContent';
import {
  makeApp,
  makeEntity,
  mockGitOpsApi,
} from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/renderWithApis';
import { renderEnvironmentSection } from '../../__testUtils__/environmentSection';

async function responseError(status: number, message: string) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'Error', message },
        response: { statusCode: status },
      }),
      { status, headers: { 'Content-Type': 'application/json' } },
    ),
  );
}

describe('EntityGitOpsContent', () => {
  it('shows progress while loading', async () => {
    const api = mockGitOpsApi({
      getEntityApplications: () => new Promise(() => {}),
    });
    await renderWithApis(<EntityGitOpsContent />, {
      api,
      entity: makeEntity(),
    });
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('explains the annotation to add when the entity is not onboarded', async () => {
    const api = mockGitOpsApi();
    await renderWithApis(<EntityGitOpsContent />, {
      api,
      entity: makeEntity('billing', false),
    });
    expect(
      screen.getByText('This entity is not deployed with GitOps yet'),
    ).toBeInTheDocument();
    // The YAML is syntax-highlighted (loaded lazily) and split over many elements.
    await waitFor(() =>
      expect(document.body).toHaveTextContent(
        'gitops.backstage.io/config-repo: https://git.example.com/my-team/billing-config.git',
      ),
    );
    expect(api.getEntityApplications).not.toHaveBeenCalled();
  });

  it('shows a backend error with a retry button that loads again', async () => {
    const api = mockGitOpsApi();
    api.getEntityApplications
      .mockRejectedValueOnce(new TypeError('Failed to fetch'))
      .mockResolvedValueOnce({ items: [makeApp()], errors: [] });
    await renderWithApis(<EntityGitOpsContent />, {
      api,
      entity: makeEntity(),
    });

    expect(
      await screen.findByText(
        'Could not load the GitOps applications of this entity',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Failed to fetch')).toBeInTheDocument();
    expect(screen.getByText(/could not be reached/)).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(
      await screen.findByRole('region', { name: 'environment prod' }),
    ).toBeInTheDocument();
    expect(api.getEntityApplications).toHaveBeenCalledTimes(2);
  });

  it('shows the backend message of a refused read', async () => {
    const api = mockGitOpsApi({
      getEntityApplications: jest
        .fn()
        .mockRejectedValue(
          await responseError(403, 'Not allowed to read gitops data'),
        ),
    });
    await renderWithApis(<EntityGitOpsContent />, {
      api,
      entity: makeEntity(),
    });
    expect(
      await screen.findByText('Not allowed to read gitops data'),
    ).toBeInTheDocument();
    expect(screen.getByText(/Ask its owners/)).toBeInTheDocument();
  });

  it('lists every onboarding error', async () => {
    const api = mockGitOpsApi({
      getEntityApplications: async () => ({
        items: [],
        errors: [
          {
            entityRef: 'component:default/shop',
            message: 'gitops.yaml: environment "prod" has no path',
          },
          {
            entityRef: 'component:default/shop',
            message: 'Repository URL matches no configured integration',
          },
        ],
      }),
    });
    await renderWithApis(<EntityGitOpsContent />, {
      api,
      entity: makeEntity(),
    });
    expect(
      await screen.findByText('gitops.yaml: environment "prod" has no path'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Repository URL matches no configured integration'),
    ).toBeInTheDocument();
    expect(screen.getAllByText('Onboarding problem')).toHaveLength(2);
  });

  it('says what to check when the repository declares no environment', async () => {
    const api = mockGitOpsApi();
    await renderWithApis(<EntityGitOpsContent />, {
      api,
      entity: makeEntity(),
    });
    expect(
      await screen.findByText('No environments found yet'),
    ).toBeInTheDocument();
  });

  it('puts an application error first, prominently', async () => {
    const api = mockGitOpsApi({
      getEntityApplications: async () => ({
        items: [
          makeApp({
            error:
              'Git host github.com refused the credentials for https://github.com/acme/shop-config.git (HTTP 401)',
            errorCategory: 'unauthorized',
            syncStatus: 'Unknown',
            health: 'Unknown',
          }),
        ],
        errors: [],
      }),
    });
    const section = await renderEnvironmentSection(api);
    const alert = within(section).getByRole('alert');
    expect(alert).toHaveTextContent('Access denied');
    expect(alert).toHaveTextContent(
      'Git host github.com refused the credentials for https://github.com/acme/shop-config.git (HTTP 401)',
    );
  });

  it('shows what is deployed: revision link, commit, times and policy', async () => {
    const api = mockGitOpsApi({
      getEntityApplications: async () => ({
        items: [
          makeApp({
            pinnedRevision: 'abcdef0123456',
            message: 'Deployment web has 1/3 ready replicas',
          }),
        ],
        errors: [],
      }),
    });
    await renderWithApis(<EntityGitOpsContent />, {
      api,
      entity: makeEntity(),
    });
    const section = await screen.findByRole('region', {
      name: 'environment prod',
    });
    const link = within(section).getByRole('link', { name: /^commit 3f2a9c1/ });
    expect(link).toHaveAttribute(
      'href',
      expect.stringContaining(
        'https://github.com/acme/shop-config/commit/3f2a9c1d',
      ),
    );
    expect(link).toHaveTextContent('3f2a9c1');
    expect(within(section).getByText('Bump web to 1.4.2')).toBeInTheDocument();
    expect(within(section).getByText(/by Ada Lovelace/)).toBeInTheDocument();
    expect(within(section).getByText('2 min ago')).toBeInTheDocument();
    expect(within(section).getByText(/took 4\.2 s/)).toBeInTheDocument();
    expect(within(section).getByText('in 3 min')).toBeInTheDocument();
    expect(
      within(section).getByText('Deployment web has 1/3 ready replicas'),
    ).toBeInTheDocument();
    for (const badge of ['auto-sync', 'self-heal', 'prune', 'pinned abcdef0']) {
      expect(within(section).getByText(badge)).toBeInTheDocument();
    }
  });

  it('labels the sync status and health of each environment with their status icons', async () => {
    const api = mockGitOpsApi({
      getEntityApplications: async () => ({
        items: [makeApp({ syncStatus: 'OutOfSync', health: 'Degraded' })],
        errors: [],
      }),
    });
    await renderWithApis(<EntityGitOpsContent />, {
      api,
      entity: makeEntity(),
    });
    const section = await screen.findByRole('region', {
      name: 'environment prod',
    });
    const sync = within(section).getByText('Out of sync', {
      selector: '[data-testid^="status-"] *',
    });
    expect(sync.closest('[data-testid]')).toHaveAttribute(
      'data-testid',
      'status-warning',
    );
    const health = within(section).getByText('Degraded', {
      selector: '[data-testid^="status-"] *',
    });
    expect(health.closest('[data-testid]')).toHaveAttribute(
      'data-testid',
      'status-error',
    );
  });

  it('shows one section per environment and the details of the chosen one', async () => {
    const apps = ['dev', 'staging', 'prod'].map(environment =>
      makeApp({ environment }),
    );
    const api = mockGitOpsApi({
      getEntityApplications: async () => ({ items: apps, errors: [] }),
    });
    await renderWithApis(<EntityGitOpsContent />, {
      api,
      entity: makeEntity(),
    });
    for (const env of ['dev', 'staging', 'prod']) {
      expect(
        await screen.findByRole('region', { name: `environment ${env}` }),
      ).toBeInTheDocument();
    }
    await waitFor(() =>
      expect(api.getApplication).toHaveBeenCalledWith(
        'component:default/shop#dev',
      ),
    );
    await userEvent.click(screen.getByRole('tab', { name: 'prod' }));
    await waitFor(() =>
      expect(api.getApplication).toHaveBeenCalledWith(
        'component:default/shop#prod',
      ),
    );
    expect(await screen.findByText('Resources — prod')).toBeInTheDocument();
  });

  it('refetches when the backend signals a change of a shown application', async () => {
    let publish: (message: object) => void = () => {};
    const signalApi = {
      subscribe: (channel: string, onMessage: (message: any) => void) => {
        if (channel === GITOPS_SIGNAL_CHANNEL) {
          publish = onMessage;
        }
        return { unsubscribe: () => {} };
      },
    };
    const api = mockGitOpsApi();
    api.getEntityApplications
      .mockResolvedValueOnce({
        items: [makeApp({ syncStatus: 'Synced' })],
        errors: [],
      })
      .mockResolvedValue({
        items: [makeApp({ syncStatus: 'OutOfSync' })],
        errors: [],
      });
    await renderWithApis(<EntityGitOpsContent />, {
      api,
      entity: makeEntity(),
      extraApis: [[signalApiRef, signalApi]],
    });
    const section = await screen.findByRole('region', {
      name: 'environment prod',
    });
    expect(
      within(section).getByText('Synced', {
        selector: '[data-testid^="status-"] *',
      }),
    ).toBeInTheDocument();

    act(() =>
      publish({
        applicationId: 'component:default/other#prod',
        syncStatus: 'OutOfSync',
      }),
    );
    expect(api.getEntityApplications).toHaveBeenCalledTimes(1);

    act(() =>
      publish({
        applicationId: 'component:default/shop#prod',
        syncStatus: 'OutOfSync',
        health: 'Healthy',
      }),
    );
    expect(await within(section).findByText('Out of sync')).toBeInTheDocument();
    expect(api.getEntityApplications).toHaveBeenCalledTimes(2);
  });
});
