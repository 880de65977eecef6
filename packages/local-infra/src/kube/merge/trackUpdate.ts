/**
 * Field ownership for writes that are not an apply: create, update (PUT),
 * the three patch dialects, and the scale and status subresources.
 *
 * api-concepts 'Server-Side Apply' → 'Field management': the writer takes
 * every field whose value it changed (all fields, on create) in an entry
 * with operation Update; those fields leave every other entry. Updates
 * never conflict.
 */
import { compareObjects } from './objectFields';
import { FieldSet } from './fieldSet';
import { isPlainObject, Json } from './jsonValue';
import {
  decodeManagedFields,
  encodeManagedFields,
  Manager,
  managerId,
} from './managedFields';
import { ManagedFieldsEntry, KubeObject } from './types';

export interface TrackUpdateInput {
  live?: KubeObject;
  updated: KubeObject;
  manager: string;
  /** Timestamp recorded when the writer changed something, RFC 3339. */
  now: string;
  subresource?: string;
}

/**
 * api-concepts 'Server-Side Apply' → 'Clearing managedFields': a write whose
 * managedFields is a single empty entry removes all of them.
 */
function isClearRequest(sent: Json): boolean {
  return (
    Array.isArray(sent) &&
    sent.length === 1 &&
    isPlainObject(sent[0]) &&
    Object.keys(sent[0]).length === 0
  );
}

function startingEntries(input: TrackUpdateInput): Manager[] {
  const sent = input.updated.metadata?.managedFields;
  // A write to the main resource may replace managedFields outright; an
  // empty or missing list keeps the stored ones, so clients that do not know
  // about managedFields cannot wipe them by accident.
  if (!input.subresource && Array.isArray(sent) && sent.length > 0) {
    return decodeManagedFields(sent);
  }
  return decodeManagedFields(input.live?.metadata?.managedFields);
}

/** The complete `metadata.managedFields` the object has after this write. */
export function trackUpdate(input: TrackUpdateInput): ManagedFieldsEntry[] {
  const { updated, manager, now, subresource } = input;
  if (!subresource && isClearRequest(updated.metadata?.managedFields)) {
    return [];
  }
  const scope = subresource === 'status' ? 'status' : 'main';
  const comparison = compareObjects(input.live, updated, updated.kind, scope);
  const changed = comparison.modified.union(comparison.added);

  const writerId = managerId({
    manager,
    operation: 'Update',
    apiVersion: updated.apiVersion,
    subresource,
  });
  const managers = startingEntries(input);
  const previous = managers.find(m => managerId(m) === writerId);
  const others = managers
    .filter(m => m !== previous)
    .map(m => ({
      ...m,
      fields: m.fields.difference(changed).difference(comparison.removed),
    }));
  const writer: Manager = {
    manager,
    operation: 'Update',
    apiVersion: updated.apiVersion,
    // The time says when the writer last changed the object.
    time: changed.isEmpty() ? previous?.time : now,
    ...(subresource ? { subresource } : {}),
    fields: (previous?.fields ?? new FieldSet())
      .difference(comparison.removed)
      .union(changed),
  };
  return encodeManagedFields([writer, ...others]);
}
