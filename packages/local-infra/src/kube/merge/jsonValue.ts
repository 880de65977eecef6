/**
 * Small helpers for plain JSON values (the decoded body of a request or a
 * stored object). Everything here treats its inputs as read-only.
 */

/** Any decoded JSON value. */
export type Json = any;

export function isPlainObject(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function deepClone<T>(value: T): T {
  if (Array.isArray(value)) {
    return value.map(item => deepClone(item)) as unknown as T;
  }
  if (isPlainObject(value)) {
    const out: Record<string, Json> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = deepClone(item);
    }
    return out as T;
  }
  return value;
}

export function deepEqual(a: Json, b: Json): boolean {
  if (a === b) {
    return true;
  }
  if (Array.isArray(a)) {
    return (
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((item, i) => deepEqual(item, b[i]))
    );
  }
  if (isPlainObject(a)) {
    if (!isPlainObject(b)) {
      return false;
    }
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every(key => key in b && deepEqual(a[key], b[key]))
    );
  }
  return false;
}

/** JSON text with object keys sorted, so equal values always print the same. */
export function canonicalJson(value: Json): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  if (isPlainObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys
      .map(key => `${JSON.stringify(key)}:${canonicalJson(value[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

const TYPE_RANK: Record<string, number> = {
  undefined: 0,
  boolean: 1,
  number: 2,
  string: 3,
  object: 4,
};

/** A total order over JSON values: by type first, then by natural order. */
export function compareValues(a: Json, b: Json): number {
  const ta = a === null ? 'undefined' : typeof a;
  const tb = b === null ? 'undefined' : typeof b;
  if (ta !== tb) {
    return (TYPE_RANK[ta] ?? 5) - (TYPE_RANK[tb] ?? 5);
  }
  if (ta === 'number' || ta === 'boolean') {
    return Number(a) - Number(b);
  }
  if (ta === 'string') {
    if (a === b) {
      return 0;
    }
    return a < b ? -1 : 1;
  }
  const ca = canonicalJson(a);
  const cb = canonicalJson(b);
  if (ca === cb) {
    return 0;
  }
  return ca < cb ? -1 : 1;
}
