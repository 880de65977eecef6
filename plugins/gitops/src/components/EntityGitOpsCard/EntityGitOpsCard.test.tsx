import { screen, within } from '@testing-library/react';
import { EntityGitOpsCard } from './EntityGitOpsCard';
import {
  makeApp,
  makeEntity,
  mockGitOpsApi,
} from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/renderWithApis';

describe('EntityGitOpsCard', () => {
  it('shows sync, health, short revision and age per environment, linking to the tab', async () => {
    const api = mockGitOpsApi({
      getEntityApplications: async () => ({
        items: [
          makeApp({
            environment: 'staging',
            syncStatus: 'OutOfSync',
            health: 'Progressing',
          }),
          makeApp({
            environment: 'prod',
            syncStatus: 'Failed',
            health: 'Degraded',
            error: undefined,
          }),
        ],
        errors: [],
      }),
    });
    await renderWithApis(<EntityGitOpsCard />, { api, entity: makeEntity() });

    const table = await screen.findByRole('table', {
      name: 'GitOps environments',
    });
    const [staging, prod] = within(table).getAllByRole('row');
    expect(staging).toHaveTextContent('staging');
    expect(within(staging).getByText('Out of sync')).toBeInTheDocument();
    expect(within(staging).getByText('Progressing')).toBeInTheDocument();
    expect(within(staging).getByText('3f2a9c1')).toBeInTheDocument();
    expect(within(staging).getByText('2 min ago')).toBeInTheDocument();
    expect(within(prod).getByText('Sync failed')).toBeInTheDocument();
    expect(within(prod).getByText('Degraded')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /View deployments/ }),
    ).toHaveAttribute('href', '/catalog/default/component/shop/gitops');
    expect(api.getEntityApplications).toHaveBeenCalledWith(
      'component:default/shop',
    );
  });

  it('shows an onboarding error', async () => {
    const api = mockGitOpsApi({
      getEntityApplications: async () => ({
        items: [],
        errors: [
          {
            entityRef: 'component:default/shop',
            message: 'gitops.yaml not found at the repository root',
          },
        ],
      }),
    });
    await renderWithApis(<EntityGitOpsCard />, { api, entity: makeEntity() });
    expect(
      await screen.findByText('gitops.yaml not found at the repository root'),
    ).toBeInTheDocument();
  });

  it('tells how to onboard an entity without the annotation, without calling the backend', async () => {
    const api = mockGitOpsApi();
    await renderWithApis(<EntityGitOpsCard />, {
      api,
      entity: makeEntity('plain', false),
    });
    expect(
      screen.getByText(/to deploy this entity with GitOps/),
    ).toBeInTheDocument();
    expect(api.getEntityApplications).not.toHaveBeenCalled();
  });

  it('offers a retry when the backend fails', async () => {
    const api = mockGitOpsApi({
      getEntityApplications: jest
        .fn()
        .mockRejectedValue(new Error('502 Bad Gateway')),
    });
    await renderWithApis(<EntityGitOpsCard />, { api, entity: makeEntity() });
    expect(await screen.findByText('502 Bad Gateway')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Retry' })).toBeInTheDocument();
  });
});
