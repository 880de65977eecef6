import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ResourcesTable } from './ResourcesTable';
import { makeResource, mockGitOpsApi } from '../../__testUtils__/fixtures';
import { renderWithApis } from '../../__testUtils__/renderWithApis';

const DIFF = [
  '--- desired',
  '+++ live',
  '@@ -1,4 +1,4 @@',
  ' spec:',
  '-  replicas: 3',
  '+  replicas: 1',
  '   template:',
  '     image: web:1.4.2',
].join('\n');

const resources = [
  makeResource({
    name: 'web',
    syncStatus: 'OutOfSync',
    health: 'Progressing',
    healthMessage: 'Waiting for rollout: 1 of 3 updated replicas are available',
    changedFields: ['spec.replicas'],
    diff: DIFF,
    conditions: [
      {
        type: 'Available',
        status: 'False',
        reason: 'MinimumReplicasUnavailable',
        message: 'Deployment does not have minimum availability.',
      },
    ],
  }),
  makeResource({ name: 'worker' }),
  makeResource({
    kind: 'Secret',
    group: '',
    name: 'db-credentials',
    syncStatus: 'Missing',
    health: 'Missing',
  }),
  makeResource({
    kind: 'ConfigMap',
    group: '',
    name: 'legacy-flags',
    syncStatus: 'Extraneous',
  }),
];

function rowNames(): string[] {
  const table = screen.getByRole('table', { name: 'Resources' });
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map(row => within(row).queryAllByRole('cell')[2]?.textContent ?? '');
}

async function render() {
  return renderWithApis(<ResourcesTable resources={resources} />, {
    api: mockGitOpsApi(),
  });
}

describe('ResourcesTable', () => {
  it('lists kind, namespace, name, statuses and message', async () => {
    await render();
    expect(rowNames()).toEqual([
      'web',
      'worker',
      'db-credentials',
      'legacy-flags',
    ]);
    expect(
      screen.getByText(
        'Waiting for rollout: 1 of 3 updated replicas are available',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('Missing in cluster')).toBeInTheDocument();
    expect(screen.getByText('Not in Git')).toBeInTheDocument();
  });

  it.each<[string, string[]]>([
    ['Needs attention', ['web', 'db-credentials', 'legacy-flags']],
    ['Out of sync', ['web']],
    ['Missing in cluster', ['db-credentials']],
    ['Progressing', ['web']],
  ])('filters by status "%s"', async (option, expected) => {
    await render();
    await userEvent.click(screen.getByRole('button', { name: /^Status/ }));
    await userEvent.click(screen.getByRole('option', { name: option }));
    expect(rowNames()).toEqual(expected);
  });

  it('searches by text and says when nothing matches', async () => {
    await render();
    await userEvent.type(
      screen.getByLabelText('Search resources'),
      'configmap',
    );
    expect(rowNames()).toEqual(['legacy-flags']);
    await userEvent.type(screen.getByLabelText('Search resources'), 'zzz');
    expect(
      screen.getByText('No resource matches the filter.'),
    ).toBeInTheDocument();
  });

  it('opens the diff side by side with conditions when a row is clicked', async () => {
    await render();
    await userEvent.click(
      screen.getByRole('row', {
        name: 'Show details of Deployment / shop-prod / web',
      }),
    );
    const drawer = await screen.findByRole('dialog', {
      name: 'Deployment / shop-prod / web',
    });
    const diff = within(drawer).getByRole('table', {
      name: 'Differences between Git and the cluster',
    });
    expect(within(diff).getByText('Desired (Git)')).toBeInTheDocument();
    expect(within(diff).getByText('Live (cluster)')).toBeInTheDocument();
    expect(within(diff).getByTestId('changed-desired')).toHaveTextContent(
      'replicas: 3',
    );
    expect(within(diff).getByTestId('changed-live')).toHaveTextContent(
      'replicas: 1',
    );
    // Unchanged lines appear on both sides and are not highlighted.
    expect(within(diff).getAllByText('template:')).toHaveLength(2);
    expect(within(drawer).getByText('spec.replicas')).toBeInTheDocument();
    const conditions = within(drawer).getByRole('table', {
      name: 'Conditions',
    });
    expect(
      within(conditions).getByText('MinimumReplicasUnavailable'),
    ).toBeInTheDocument();

    await userEvent.click(
      within(drawer).getByRole('button', { name: 'Close details' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it('says there is no difference for a synced resource', async () => {
    await render();
    await userEvent.click(screen.getByRole('row', { name: /worker/ }));
    expect(
      await screen.findByText('No differences: the live object matches Git.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('The live object reports no conditions.'),
    ).toBeInTheDocument();
  });
});
