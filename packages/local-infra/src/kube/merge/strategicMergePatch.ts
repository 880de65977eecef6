/**
 * Strategic merge patch, the patch dialect `kubectl patch` and `kubectl apply`
 * (client side) send by default.
 *
 * Maps merge key by key and `null` deletes a key. Lists follow the table in
 * listSemantics.ts: merged by their patch merge key, unioned (primitives), or
 * replaced. Directives (strategic merge patch, 'Directives'):
 *  - `$patch: replace` in a map replaces the map; as a list item, the list.
 *  - `$patch: delete` in a map empties it; as a list item, removes the item
 *    with the same merge key.
 *  - `$patch: merge` is the default, accepted and ignored.
 *  - `$setElementOrder/<list>` gives the order of the merged list.
 *  - `$deleteFromPrimitiveList/<list>` removes values from a primitive list.
 *  - `$retainKeys` clears every key of the map not listed.
 */
import { deepClone, isPlainObject, Json } from './jsonValue';
import { smpListStrategy } from './listSemantics';
import { PatchError } from './patchError';
import { mergeByKey, orderMergedList } from './strategicListOrder';

const PATCH = '$patch';
const RETAIN_KEYS = '$retainKeys';
const SET_ORDER = '$setElementOrder/';
const DELETE_FROM = '$deleteFromPrimitiveList/';

type Obj = Record<string, Json>;

interface Context {
  kind: string;
}

function kindOf(value: Json): 'map' | 'list' | 'scalar' {
  if (Array.isArray(value)) {
    return 'list';
  }
  return isPlainObject(value) ? 'map' : 'scalar';
}

/** A value the original does not have yet: taken from the patch, directives resolved. */
function freshValue(patchValue: Json, segments: string[], ctx: Context): Json {
  if (isPlainObject(patchValue)) {
    return mergeMap({}, patchValue, segments, ctx);
  }
  if (Array.isArray(patchValue)) {
    return mergeList([], patchValue, segments, ctx);
  }
  return patchValue;
}

function applyRetainKeys(original: Obj, patch: Obj): void {
  if (!(RETAIN_KEYS in patch)) {
    return;
  }
  const retain = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  if (!Array.isArray(retain)) {
    throw PatchError.badRequest(
      'invalid patch: $retainKeys must be a list of strings',
    );
  }
  for (const [key, value] of Object.entries(patch)) {
    if (value !== null && !key.startsWith('$') && !retain.includes(key)) {
      throw PatchError.badRequest(
        `invalid patch: key "${key}" is in the patch but not in its $retainKeys list`,
      );
    }
  }
  for (const key of Object.keys(original)) {
    if (!retain.includes(key)) {
      delete original[key];
    }
  }
}

function applySetElementOrder(
  original: Obj,
  patch: Obj,
  segments: string[],
  ctx: Context,
): void {
  for (const directive of Object.keys(patch).filter(k =>
    k.startsWith(SET_ORDER),
  )) {
    const order = patch[directive];
    delete patch[directive];
    const key = directive.slice(SET_ORDER.length);
    if (!Array.isArray(order) || key === '') {
      throw PatchError.badRequest(`invalid patch: ${directive} must be a list`);
    }
    const listSegments = [...segments, key];
    const mergeKey = smpListStrategy(listSegments, ctx.kind)?.mergeKey ?? '';
    const originalList = Array.isArray(original[key])
      ? original[key]
      : undefined;
    const patchList = Array.isArray(patch[key]) ? patch[key] : undefined;
    let merged: Json[];
    if (patchList) {
      checkOrderCoversPatch(patchList, order, mergeKey, directive);
      merged = mergeList(originalList ?? [], patchList, listSegments, ctx);
      delete patch[key];
    } else if (originalList) {
      merged = originalList;
    } else {
      continue;
    }
    original[key] = orderMergedList(
      merged,
      order,
      originalList ?? [],
      mergeKey,
    );
  }
}

/** strategic merge patch 'Ordering': the patch list must follow the $setElementOrder list. */
function checkOrderCoversPatch(
  patchList: Json[],
  order: Json[],
  mergeKey: string,
  directive: string,
) {
  const identity = (item: Json) => (mergeKey ? item?.[mergeKey] : item);
  const positions = order.map(identity);
  let last = -1;
  for (const item of patchList) {
    if (isPlainObject(item) && PATCH in item) {
      continue;
    }
    const position = positions.findIndex(p => p === identity(item));
    if (position < last || position === -1) {
      throw PatchError.badRequest(
        `invalid patch: the order of the patch list does not match ${directive}`,
      );
    }
    last = position;
  }
}

function mergeMap(
  original: Obj,
  patch: Obj,
  segments: string[],
  ctx: Context,
): Obj {
  const rest: Obj = { ...patch };
  const directive = rest[PATCH];
  delete rest[PATCH];
  if (directive === 'replace') {
    return mergeMap({}, rest, segments, ctx);
  }
  if (directive === 'delete') {
    return {};
  }
  if (directive !== undefined && directive !== 'merge') {
    throw PatchError.badRequest(
      `Unknown patch type: ${String(directive)} in map: ${JSON.stringify(
        patch,
      )}`,
    );
  }

  applyRetainKeys(original, rest);
  applySetElementOrder(original, rest, segments, ctx);

  for (const [patchKey, patchValue] of Object.entries(rest)) {
    if (patchKey.startsWith(DELETE_FROM)) {
      const key = patchKey.slice(DELETE_FROM.length);
      if (!Array.isArray(patchValue) || key === '') {
        throw PatchError.badRequest(
          `invalid patch: ${patchKey} must be a list of primitives`,
        );
      }
      if (Array.isArray(original[key])) {
        original[key] = original[key].filter(
          (item: Json) => !patchValue.includes(item),
        );
      }
      continue;
    }
    const key = patchKey;
    const childSegments = [...segments, key];
    if (patchValue === null) {
      delete original[key];
      continue;
    }
    const current = original[key];
    if (current === undefined || kindOf(current) !== kindOf(patchValue)) {
      original[key] = freshValue(patchValue, childSegments, ctx);
    } else if (isPlainObject(current)) {
      original[key] = mergeMap(current, patchValue, childSegments, ctx);
    } else if (Array.isArray(current)) {
      original[key] = mergeList(current, patchValue, childSegments, ctx);
    } else {
      original[key] = patchValue;
    }
  }
  return original;
}

function mergeList(
  original: Json[],
  patch: Json[],
  segments: string[],
  ctx: Context,
): Json[] {
  const strategy = smpListStrategy(segments, ctx.kind);
  if (!strategy) {
    // patchStrategy unset: the patch list replaces the list.
    return deepClone(patch);
  }
  if (patch.some(Array.isArray)) {
    throw PatchError.badRequest(
      'invalid patch: lists of lists are not supported',
    );
  }
  const itemSegments = [...segments, '[]'];
  const merged = mergeByKey(original, patch, strategy.mergeKey, {
    mergeItem: (from, into) => mergeMap(from, into, itemSegments, ctx),
    freshItem: item => freshValue(item, itemSegments, ctx),
  });
  return orderMergedList(
    merged.items,
    merged.patchOrder,
    merged.serverOrder,
    strategy.mergeKey,
  );
}

/**
 * Applies a strategic merge patch to a copy of `doc`. `kind` selects the
 * merge keys where the same field path differs per kind (Service ports).
 */
export function applyStrategicMergePatch(
  doc: Json,
  patch: Json,
  kind: string,
): Json {
  if (!isPlainObject(patch)) {
    throw PatchError.badRequest('strategic merge patch must be a JSON object');
  }
  const original = isPlainObject(doc) ? deepClone(doc) : {};
  return mergeMap(original, deepClone(patch), [], { kind });
}
