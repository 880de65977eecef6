/**
 * The 409 Status the API answers a conflicting apply with.
 *
 * The wording follows the API server: a single conflict reads
 *   Apply failed with 1 conflict: conflict with "kubectl" using apps/v1: .spec.replicas
 * several are grouped by manager:
 *   Apply failed with 2 conflicts: conflicts with "a":
 *   - .data.x
 *   conflicts with "b" using v1:
 *   - .data.y
 * Update managers are named with the version they wrote ("using v1") and a
 * subresource entry with it ('with subresource "scale"'). Each conflict is
 * also a cause of type FieldManagerConflict. The API leaves name, group and
 * kind out of this Status's details.
 */
import { ApplyConflict } from './types';

function describeManager(conflict: ApplyConflict): string {
  let text = JSON.stringify(conflict.manager);
  if (conflict.subresource) {
    text += ` with subresource ${JSON.stringify(conflict.subresource)}`;
  }
  if (conflict.operation === 'Update' && conflict.apiVersion) {
    text += ` using ${conflict.apiVersion}`;
  }
  return text;
}

function conflictMessage(conflicts: ApplyConflict[]): string {
  if (conflicts.length === 1) {
    const [only] = conflicts;
    return `Apply failed with 1 conflict: conflict with ${describeManager(
      only,
    )}: ${only.field}`;
  }
  const byManager = new Map<string, string[]>();
  for (const conflict of conflicts) {
    const name = describeManager(conflict);
    byManager.set(name, [...(byManager.get(name) ?? []), conflict.field]);
  }
  const lines = [...byManager.keys()]
    .sort()
    .flatMap(name => [
      `conflicts with ${name}:`,
      ...byManager.get(name)!.map(field => `- ${field}`),
    ]);
  return `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
}

export function applyConflictStatus(
  conflicts: ApplyConflict[],
  _details?: { name: string; group: string; kind: string },
): object {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: conflictMessage(conflicts),
    reason: 'Conflict',
    details: {
      causes: conflicts.map(conflict => ({
        type: 'FieldManagerConflict',
        message: `conflict with ${describeManager(conflict)}`,
        field: conflict.field,
      })),
    },
    code: 409,
  };
}
