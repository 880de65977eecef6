/**
 * Reading and writing `metadata.managedFields`.
 *
 * There is one entry per (manager, operation, subresource), and for Update
 * entries also per apiVersion: an applier keeps a single entry whatever
 * version it applies with, while updates at different versions are kept
 * apart (api-concepts 'Server-Side Apply' → 'Field management').
 */
import { FieldSet } from './fieldSet';
import { isPlainObject, Json } from './jsonValue';
import { ManagedFieldsEntry } from './types';

export interface Manager {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time?: string;
  subresource?: string;
  fields: FieldSet;
}

export function managerId(
  m: Pick<Manager, 'manager' | 'operation' | 'apiVersion' | 'subresource'>,
): string {
  return JSON.stringify([
    m.manager,
    m.operation,
    m.operation === 'Update' ? m.apiVersion : '',
    m.subresource ?? '',
  ]);
}

function decodeEntry(e: Record<string, Json>): Manager[] {
  if (e.operation !== 'Apply' && e.operation !== 'Update') {
    return [];
  }
  let fields: FieldSet;
  try {
    fields = FieldSet.fromFieldsV1(isPlainObject(e.fieldsV1) ? e.fieldsV1 : {});
  } catch {
    // An entry whose fields cannot be read owns nothing we can act on.
    return [];
  }
  return [
    {
      manager: String(e.manager ?? ''),
      operation: e.operation,
      apiVersion: String(e.apiVersion ?? ''),
      time: typeof e.time === 'string' ? e.time : undefined,
      subresource:
        typeof e.subresource === 'string' && e.subresource
          ? e.subresource
          : undefined,
      fields,
    },
  ];
}

/** Malformed entries are skipped. */
export function decodeManagedFields(entries: Json): Manager[] {
  return Array.isArray(entries)
    ? entries.filter(isPlainObject).flatMap(decodeEntry)
    : [];
}

function seconds(time: string | undefined): number {
  const ms = time ? Date.parse(time) : NaN;
  return Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
}

function compareText(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  return a < b ? -1 : 1;
}

/** The API's order: Apply before Update, then by time, manager, apiVersion, subresource. */
function compareManagers(a: Manager, b: Manager): number {
  return (
    compareText(a.operation, b.operation) ||
    seconds(a.time) - seconds(b.time) ||
    compareText(a.manager, b.manager) ||
    compareText(a.apiVersion, b.apiVersion) ||
    compareText(a.subresource ?? '', b.subresource ?? '')
  );
}

/** Entries left owning nothing are dropped. */
export function encodeManagedFields(managers: Manager[]): ManagedFieldsEntry[] {
  return managers
    .filter(m => !m.fields.isEmpty())
    .sort(compareManagers)
    .map(m => {
      const entry = {
        manager: m.manager,
        operation: m.operation,
        apiVersion: m.apiVersion,
        ...(m.time !== undefined ? { time: m.time } : {}),
        fieldsType: 'FieldsV1',
        fieldsV1: m.fields.toFieldsV1(),
        ...(m.subresource ? { subresource: m.subresource } : {}),
      };
      return entry as ManagedFieldsEntry;
    });
}
