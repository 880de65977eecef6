import { applyConflictStatus } from './conflictStatus';

describe('applyConflictStatus', () => {
  const details = { name: 'web', group: 'apps', kind: 'deployments' };

  it('builds the API’s 409 Status for one conflict', () => {
    expect(
      applyConflictStatus(
        [
          {
            manager: 'kubectl-client-side-apply',
            field: '.spec.replicas',
            operation: 'Update',
            apiVersion: 'apps/v1',
          },
        ],
        details,
      ),
    ).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
      reason: 'Conflict',
      details: {
        causes: [
          {
            type: 'FieldManagerConflict',
            message: 'conflict with "kubectl-client-side-apply" using apps/v1',
            field: '.spec.replicas',
          },
        ],
      },
      code: 409,
    });
  });

  it.each([
    [
      'several conflicts, grouped by manager in name order',
      [
        { manager: 'zeta', field: '.data.x', operation: 'Apply' as const },
        {
          manager: 'helm',
          field: '.data.y',
          operation: 'Update' as const,
          apiVersion: 'v1',
        },
        {
          manager: 'helm',
          field: '.data.z',
          operation: 'Update' as const,
          apiVersion: 'v1',
        },
      ],
      'Apply failed with 3 conflicts: conflicts with "helm" using v1:\n- .data.y\n- .data.z\nconflicts with "zeta":\n- .data.x',
    ],
    [
      'an owner known only by name',
      [{ manager: 'alpha', field: '.data.colour' }],
      'Apply failed with 1 conflict: conflict with "alpha": .data.colour',
    ],
    [
      'a subresource owner',
      [
        {
          manager: 'kube-controller-manager',
          field: '.spec.replicas',
          operation: 'Update' as const,
          apiVersion: 'apps/v1',
          subresource: 'scale',
        },
      ],
      'Apply failed with 1 conflict: conflict with "kube-controller-manager" with subresource "scale" using apps/v1: .spec.replicas',
    ],
  ])('words %s', (_name, conflicts, message) => {
    const status = applyConflictStatus(conflicts, details) as any;
    expect(status.message).toBe(message);
    expect(status.details.causes).toHaveLength(conflicts.length);
    expect(status.details.causes.map((c: any) => c.field)).toEqual(
      conflicts.map(c => c.field),
    );
  });
});
