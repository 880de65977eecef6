/**
 * Reads a manager's FieldsV1 ownership and answers whether every field it owns is still present in
 * the desired object. A field the engine applied before but Git no longer has would be removed by
 * the next apply, so the object is out of sync even when every desired value matches.
 * (Server-Side Apply → "Field management": `f:<name>` fields, `k:<json>` associative-list items,
 * `v:<json>` set items, `i:<n>` positional items, `.` the item itself.)
 */
const MISSING = Symbol('missing');

export function ownedFieldsPresent(
  fieldsV1: Record<string, any> | undefined,
  desired: unknown,
): boolean {
  if (!fieldsV1) return true;
  for (const [key, child] of Object.entries(fieldsV1)) {
    if (key === '.') continue;
    const next = step(desired, key);
    if (next === MISSING) return false;
    if (
      child &&
      typeof child === 'object' &&
      Object.keys(child).length > 0 &&
      !ownedFieldsPresent(child, next)
    )
      return false;
  }
  return true;
}

function step(value: unknown, key: string): unknown {
  const kind = key.slice(0, 2);
  const rest = key.slice(2);
  if (kind === 'f:') {
    if (!value || typeof value !== 'object' || Array.isArray(value))
      return MISSING;
    return rest in (value as object) ? (value as any)[rest] : MISSING;
  }
  if (!Array.isArray(value)) return MISSING;
  if (kind === 'k:') {
    const keys = JSON.parse(rest) as Record<string, unknown>;
    const match = value.find(
      item =>
        item &&
        typeof item === 'object' &&
        Object.entries(keys).every(([k, v]) => looseEqual((item as any)[k], v)),
    );
    return match === undefined ? MISSING : match;
  }
  if (kind === 'v:') {
    const wanted = JSON.parse(rest);
    return value.some(item => JSON.stringify(item) === JSON.stringify(wanted))
      ? wanted
      : MISSING;
  }
  if (kind === 'i:') {
    const index = Number(rest);
    return index < value.length ? value[index] : MISSING;
  }
  return MISSING;
}

// key fields with defaults (a Service port's protocol) may be absent from the manifest
function looseEqual(actual: unknown, expected: unknown) {
  return actual === expected || (actual === undefined && expected === 'TCP');
}

/** True when every value `desired` sets is equal in `live` (server defaults in live are fine). */
export function isSubset(desired: unknown, live: unknown): boolean {
  if (desired === live) return true;
  if (Array.isArray(desired)) {
    return (
      Array.isArray(live) &&
      desired.length === live.length &&
      desired.every((d, i) => isSubset(d, live[i]))
    );
  }
  if (desired && typeof desired === 'object') {
    if (!live || typeof live !== 'object' || Array.isArray(live)) return false;
    return Object.entries(desired).every(
      ([k, v]) => v === null || isSubset(v, (live as any)[k]),
    );
  }
  return false;
}
