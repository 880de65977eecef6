/**
 * List merging and ordering for strategic merge patch.
 *
 * Ordering (strategic merge patch, 'preserve order'): items named by the
 * patch keep the patch's relative order, items only on the server keep the
 * server's relative order, and the two runs are interleaved using the
 * server's order wherever both sides know both items.
 */
import { isPlainObject, Json } from './jsonValue';
import { PatchError } from './patchError';

const PATCH = '$patch';

export interface MergeByKeyHooks {
  /** Merges a patch item into the live item with the same key. */
  mergeItem(
    liveItem: Record<string, Json>,
    patchItem: Record<string, Json>,
  ): Json;
  /** Turns a patch item without a live counterpart into a value. */
  freshItem(patchItem: Json): Json;
}

export interface MergedList {
  items: Json[];
  patchOrder: Json[];
  serverOrder: Json[];
}

function identity(item: Json, mergeKey: string): Json {
  return mergeKey ? item?.[mergeKey] : item;
}

function indexIn(list: Json[], item: Json, mergeKey: string): number {
  const id = identity(item, mergeKey);
  return list.findIndex(candidate => identity(candidate, mergeKey) === id);
}

function dedupe(values: Json[]): Json[] {
  return values.filter((value, i) => values.indexOf(value) === i);
}

/** Merges `patch` into `original`; `mergeKey` is '' for a list of primitives (a union). */
export function mergeByKey(
  original: Json[],
  patch: Json[],
  mergeKey: string,
  hooks: MergeByKeyHooks,
): MergedList {
  if (!mergeKey) {
    if (patch.some(isPlainObject)) {
      throw PatchError.badRequest(
        'invalid patch: list of primitives patched with objects',
      );
    }
    return {
      items: dedupe([...original, ...patch]),
      patchOrder: patch,
      serverOrder: original,
    };
  }
  if (!patch.every(isPlainObject)) {
    throw PatchError.badRequest(
      `invalid patch: items of a list merged by "${mergeKey}" must be objects`,
    );
  }
  let live = [...original];
  const plain: Record<string, Json>[] = [];
  let replace = false;
  for (const item of patch as Record<string, Json>[]) {
    const directive = item[PATCH];
    if (directive === undefined || directive === 'merge') {
      plain.push(item);
    } else if (directive === 'replace') {
      replace = true;
    } else if (directive === 'delete') {
      if (!(mergeKey in item)) {
        throw PatchError.badRequest(
          `delete patch type with no merge key defined: ${JSON.stringify(
            item,
          )}`,
        );
      }
      live = live.filter(
        candidate => identity(candidate, mergeKey) !== item[mergeKey],
      );
    } else {
      throw PatchError.badRequest(
        `Unknown patch type: ${String(
          directive,
        )} in list item: ${JSON.stringify(item)}`,
      );
    }
  }
  if (replace) {
    const items = plain.map(item => hooks.freshItem(item));
    return { items, patchOrder: [], serverOrder: items };
  }
  for (const item of plain) {
    if (!(mergeKey in item)) {
      throw PatchError.badRequest(
        `map: ${JSON.stringify(
          item,
        )} does not contain declared merge key: ${mergeKey}`,
      );
    }
    const at = indexIn(live, item, mergeKey);
    if (at >= 0 && isPlainObject(live[at])) {
      live[at] = hooks.mergeItem(live[at], item);
    } else {
      live.push(hooks.freshItem(item));
    }
  }
  return { items: live, patchOrder: plain, serverOrder: original };
}

/** Reorders the items found in `order` among themselves; the others keep their slots. */
function sortFound(items: Json[], order: Json[], mergeKey: string): Json[] {
  const slots = items
    .map((item, i) => ({ i, at: indexIn(order, item, mergeKey) }))
    .filter(slot => slot.at >= 0);
  const sorted = [...slots].sort((a, b) => a.at - b.at);
  const out = [...items];
  slots.forEach((slot, n) => {
    out[slot.i] = items[sorted[n].i];
  });
  return out;
}

export function orderMergedList(
  merged: Json[],
  patchOrder: Json[],
  serverOrder: Json[],
  mergeKey: string,
): Json[] {
  const fromPatch = sortFound(
    merged.filter(item => indexIn(patchOrder, item, mergeKey) >= 0),
    patchOrder,
    mergeKey,
  );
  const serverOnly = sortFound(
    merged.filter(item => indexIn(patchOrder, item, mergeKey) < 0),
    serverOrder,
    mergeKey,
  );
  // Interleave: take a server-only item first only when the server's order
  // says it comes before the next patch item.
  const out: Json[] = [];
  let l = 0;
  let r = 0;
  while (l < serverOnly.length || r < fromPatch.length) {
    if (r >= fromPatch.length) {
      out.push(serverOnly[l++]);
    } else if (l >= serverOnly.length) {
      out.push(fromPatch[r++]);
    } else {
      const li = indexIn(serverOrder, serverOnly[l], mergeKey);
      const ri = indexIn(serverOrder, fromPatch[r], mergeKey);
      if (li >= 0 && ri >= 0 && li < ri) {
        out.push(serverOnly[l++]);
      } else {
        out.push(fromPatch[r++]);
      }
    }
  }
  return out;
}
