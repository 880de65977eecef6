/**
 * JSON Merge Patch (RFC 7386 §2). The result shares nothing with the inputs,
 * so callers may change it freely.
 */
import { deepClone, isPlainObject, Json } from './jsonValue';

function mergeInto(target: Json, patch: Json): Json {
  if (!isPlainObject(patch)) {
    // A patch that is not an object replaces the whole target.
    return deepClone(patch);
  }
  const out: Record<string, Json> = isPlainObject(target) ? target : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete out[key];
    } else {
      out[key] = mergeInto(out[key], value);
    }
  }
  return out;
}

export function applyMergePatch(doc: Json, patch: Json): Json {
  return mergeInto(deepClone(doc), patch);
}
