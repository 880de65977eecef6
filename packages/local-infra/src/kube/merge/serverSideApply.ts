/**
 * Server-side apply of one configuration by one field manager.
 *
 * api-concepts 'Server-Side Apply':
 *  - 'Field management': the applier owns exactly the fields of its
 *    configuration; fields it applied before and leaves out now are removed
 *    from the object unless another manager owns them.
 *  - 'Conflicts': changing the value of a field another manager owns (with
 *    any operation) is a conflict; applying the same value shares ownership.
 *    `force` takes the field away from the other managers instead.
 */
import { appliedFieldSet, compareObjects } from './objectFields';
import { FieldSet, pathToString } from './fieldSet';
import { deepClone, deepEqual, isPlainObject, Json } from './jsonValue';
import {
  decodeManagedFields,
  encodeManagedFields,
  Manager,
  managerId,
} from './managedFields';
import { mergeApplied, pruneUnapplied } from './structuredMerge';
import { ApplyConflict, KubeObject } from './types';

export interface ServerSideApplyInput {
  live?: KubeObject;
  applied: KubeObject;
  manager: string;
  force: boolean;
  /** Timestamp recorded in the applier's entry, RFC 3339. */
  now: string;
}

export type ServerSideApplyResult =
  | { ok: true; object: KubeObject }
  | { ok: false; conflicts: ApplyConflict[] };

/** Server-set metadata an applied configuration cannot set. */
const SERVER_METADATA = [
  'managedFields',
  'resourceVersion',
  'uid',
  'creationTimestamp',
  'generation',
  'selfLink',
];

function withoutNulls(value: Json): Json {
  if (Array.isArray(value)) {
    return value.map(withoutNulls);
  }
  if (isPlainObject(value)) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => [k, withoutNulls(v)]),
    );
  }
  return value;
}

/**
 * The configuration as it takes part in the apply: without server-set
 * metadata, without status (the main resource does not write it) and
 * without explicit nulls (an absent field says the same).
 */
function configurationOf(applied: KubeObject): KubeObject {
  const config = withoutNulls(deepClone(applied));
  delete config.status;
  config.metadata = isPlainObject(config.metadata) ? config.metadata : {};
  for (const field of SERVER_METADATA) {
    delete config.metadata[field];
  }
  return config;
}

function withoutManagedFields(live: KubeObject | undefined): Json {
  if (!live) {
    return undefined;
  }
  const copy = deepClone(live);
  if (isPlainObject(copy.metadata)) {
    delete copy.metadata.managedFields;
  }
  return copy;
}

function byIdentity(a: Manager, b: Manager): number {
  const ia = managerId(a);
  const ib = managerId(b);
  if (ia === ib) {
    return 0;
  }
  return ia < ib ? -1 : 1;
}

export function serverSideApply(
  input: ServerSideApplyInput,
): ServerSideApplyResult {
  const { manager, force, now } = input;
  const config = configurationOf(input.applied);
  const kind = config.kind;
  const live = withoutManagedFields(input.live);
  const managers = decodeManagedFields(input.live?.metadata?.managedFields);

  const applierId = managerId({
    manager,
    operation: 'Apply',
    apiVersion: config.apiVersion,
  });
  const previous = managers.find(m => managerId(m) === applierId);
  const others = managers.filter(m => m !== previous).sort(byIdentity);
  const appliedFields = appliedFieldSet(config, kind);

  const merged = mergeApplied(live, config, kind);
  if (previous) {
    const othersOwned = others.reduce(
      (all, m) => all.union(m.fields),
      new FieldSet(),
    );
    pruneUnapplied(merged, previous.fields, appliedFields, othersOwned, kind);
  }

  const comparison = compareObjects(live, merged, kind, 'main');
  const changed = comparison.modified.union(comparison.added);
  const conflicts: ApplyConflict[] = others.flatMap(other =>
    other.fields
      .intersection(changed)
      .paths()
      .map(path => ({
        manager: other.manager,
        field: pathToString(path),
        operation: other.operation,
        apiVersion: other.apiVersion,
        ...(other.subresource ? { subresource: other.subresource } : {}),
      })),
  );
  if (conflicts.length > 0 && !force) {
    return { ok: false, conflicts };
  }

  const objectChanged = !deepEqual(live, merged);
  const applier: Manager = {
    manager,
    operation: 'Apply',
    apiVersion: config.apiVersion,
    time: objectChanged || !previous ? now : previous.time,
    fields: appliedFields,
  };
  const remaining = others.map(other => ({
    ...other,
    fields: other.fields.difference(changed).difference(comparison.removed),
  }));
  merged.metadata = isPlainObject(merged.metadata) ? merged.metadata : {};
  const managedFields = encodeManagedFields([applier, ...remaining]);
  if (managedFields.length > 0) {
    merged.metadata.managedFields = managedFields;
  } else {
    // Like the API, which leaves an empty list out of the object.
    delete merged.metadata.managedFields;
  }
  return { ok: true, object: merged };
}
