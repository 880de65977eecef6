import { screen, within } from '@testing-library/react';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { registerMswTestHooks } from '@backstage/test-utils';
import type {
  ApplicationSummary,
  ErrorCategory,
} from '@backstage-gitops/plugin-gitops-common';
import { GitOpsClient } from '../api';
import { EntityGitOpsCard } from './EntityGitOpsCard/EntityGitOpsCard';
import { GitOpsOverviewContent } from './GitOpsOverviewPage/GitOpsOverviewContent';
import { makeApp, makeDetails, makeEntity } from '../__testUtils__/fixtures';
import { renderWithApis } from '../__testUtils__/renderWithApis';
import { renderEnvironmentSection } from '../__testUtils__/environmentSection';

// The whole way from the backend's JSON: the real client, over HTTP answered by msw.
const BASE = 'http://backstage.test/api/gitops';
const server = setupServer();
registerMswTestHooks(server);
const api = new GitOpsClient({
  discoveryApi: { getBaseUrl: async () => BASE },
  fetchApi: { fetch: (input, init) => fetch(input, init) },
});

const CASES: Array<[ErrorCategory, string, string, boolean]> = [
  [
    'cluster-unreachable',
    'Cluster unreachable',
    "Cluster 'prod' (https://10.0.0.1:6443) is unreachable: connection refused",
    true,
  ],
  [
    'git-unreachable',
    'Git host unreachable',
    'Git host git.example.com is unreachable (repository https://git.example.com/acme/shop-config.git): host name not found (DNS)',
    true,
  ],
  [
    'renderer-unavailable',
    'Renderer unavailable',
    'Renderer /usr/local/bin/kubectl is unavailable: not found (ENOENT)',
    false,
  ],
  [
    'unauthorized',
    'Access denied',
    "Cluster 'prod' (https://10.0.0.1:6443) refused the credentials (HTTP 401): Unauthorized",
    false,
  ],
  [
    'forbidden',
    'Access denied',
    'Git host git.example.com denied access to https://git.example.com/acme/shop-config.git (HTTP 403)',
    false,
  ],
  [
    'configuration',
    'Configuration error',
    "Cluster 'prod' is not configured in kubernetes.clusterLocatorMethods or gitops.clusters",
    false,
  ],
  [
    'source',
    'Source error',
    "Ref 'release' does not exist in https://git.example.com/acme/shop-config.git",
    false,
  ],
  [
    'render',
    'Manifests cannot be rendered',
    'app/web.yaml: YAML error: bad indentation',
    false,
  ],
  [
    'validation',
    'Invalid manifests',
    '1 manifest problem: app/a.yaml: ConfigMap (unnamed): has no name',
    false,
  ],
  [
    'apply',
    'Apply failed',
    'Deployment shop/web (app/web.yaml): spec.replicas: Invalid value',
    false,
  ],
  ['unknown', 'Reconcile failed', 'something nobody expected', false],
];

const failing = (
  category: ErrorCategory | undefined,
  error: string,
  overrides: Partial<ApplicationSummary> = {},
) =>
  makeApp({
    syncStatus: 'Failed',
    error,
    errorCategory: category,
    message: `Reconcile failed: ${error}`,
    ...overrides,
  });

/** The backend of one entity with these applications (the tab also loads details and history). */
function serveEntity(apps: ApplicationSummary[]) {
  server.use(
    http.get(`${BASE}/entities/component/default/shop/applications`, () =>
      HttpResponse.json({ items: apps, errors: [] }),
    ),
    http.get(`${BASE}/applications/:id/history`, () =>
      HttpResponse.json({ items: [], totalCount: 0, offset: 0, limit: 10 }),
    ),
    http.get(`${BASE}/applications/:id`, ({ params }) =>
      HttpResponse.json(
        makeDetails(apps.find(a => a.id === params.id) ?? apps[0], []),
      ),
    ),
  );
}

describe('the heading of an application error', () => {
  it.each(CASES)(
    'on the entity tab, %s reads "%s"',
    async (category, heading, message, transient) => {
      serveEntity([failing(category, message)]);
      const section = await renderEnvironmentSection(api);
      const alert = within(section).getByRole('alert');
      expect(alert.querySelector('.MuiAlertTitle-root')).toHaveTextContent(
        new RegExp(`^${heading}$`),
      );
      expect(alert).toHaveTextContent(message);
      // a network fault clears by itself: the reader learns it is retried, and when
      expect(
        alert.textContent?.includes(
          'Retrying with backoff; next attempt in 3 min.',
        ),
      ).toBe(transient);
      expect(section.textContent?.includes('Configuration error')).toBe(
        category === 'configuration',
      );
    },
  );

  it('reads "Reconcile failed" for an error recorded before categories existed', async () => {
    serveEntity([failing(undefined, 'The sync ended without an outcome')]);
    const section = await renderEnvironmentSection(api);
    expect(within(section).getByRole('alert')).toHaveTextContent(
      /^Reconcile failedThe sync ended without an outcome$/,
    );
  });

  it('does not promise a retry while the application is suspended', async () => {
    const [category, , message] = CASES[0];
    const app = failing(category, message);
    serveEntity([{ ...app, policy: { ...app.policy, suspended: true } }]);
    const section = await renderEnvironmentSection(api);
    expect(within(section).getByRole('alert')).not.toHaveTextContent(
      'Retrying',
    );
  });

  it('stands beneath the status on the entity card', async () => {
    serveEntity([
      failing('cluster-unreachable', CASES[0][2], { environment: 'prod' }),
      failing('renderer-unavailable', CASES[2][2], { environment: 'dev' }),
      makeApp({ environment: 'staging' }),
    ]);
    await renderWithApis(<EntityGitOpsCard />, { api, entity: makeEntity() });
    const table = await screen.findByRole('table', {
      name: 'GitOps environments',
    });
    const [prod, dev, staging] = within(table).getAllByRole('row');
    expect(prod).toHaveTextContent('Sync failedCluster unreachable');
    expect(dev).toHaveTextContent('Sync failedRenderer unavailable');
    expect(staging).not.toHaveTextContent(/unreachable|unavailable|error/);
  });

  it('stands beneath the status on the overview page', async () => {
    const items = CASES.map(([category, , message]) =>
      failing(category, message, {
        entityRef: `component:default/${category}`,
      }),
    );
    server.use(
      http.get(`${BASE}/applications/counts`, () =>
        HttpResponse.json({
          total: items.length,
          syncStatus: {
            Synced: 0,
            OutOfSync: 0,
            Syncing: 0,
            Failed: items.length,
            Suspended: 0,
            Unknown: 0,
          },
          health: {
            Healthy: items.length,
            Progressing: 0,
            Degraded: 0,
            Suspended: 0,
            Missing: 0,
            Unknown: 0,
          },
        }),
      ),
      http.get(`${BASE}/applications`, () =>
        HttpResponse.json({
          items,
          totalCount: items.length,
          offset: 0,
          limit: 25,
        }),
      ),
    );
    await renderWithApis(<GitOpsOverviewContent />, {
      api,
      initialRoute: '/gitops',
    });
    const table = await screen.findByRole('table', { name: 'Applications' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(
      rows.map(row =>
        within(row)
          .getByText(/^Sync failed$/)
          .closest('td'),
      ),
    ).toHaveLength(CASES.length);
    CASES.forEach(([category, heading], i) => {
      const status = within(rows[i]).getByText('Sync failed').closest('td');
      expect([category, status?.textContent]).toEqual([
        category,
        `Sync failed${heading}`,
      ]);
    });
  });
});
