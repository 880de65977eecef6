import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level, so equal content gives equal text. @public */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      out[key] = sortKeys((value as Record<string, unknown>)[key]);
    }
    return out;
  }
  return value;
}

/**
 * Content digest of a rendered set: independent of the order of files and documents
 * (the sync order is decided later, by kind and wave), sensitive to any content change.
 * @public
 */
export function digestObjects(objects: unknown[]): string {
  const hash = createHash('sha256');
  for (const text of objects.map(canonicalJson).sort()) {
    hash.update(text).update('\n');
  }
  return `sha256:${hash.digest('hex')}`;
}
