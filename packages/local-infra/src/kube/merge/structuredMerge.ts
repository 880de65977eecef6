/**
 * Merging an applied configuration into a live object, and removing what an
 * applier stopped applying (api-concepts 'Server-Side Apply' → 'Merge
 * strategy'): maps merge field by field, associative lists item by item
 * (by key), set lists by value, atomic lists and maps are replaced whole.
 */
import { FieldPath, FieldSet } from './fieldSet';
import { canonicalJson, deepClone, isPlainObject, Json } from './jsonValue';
import { isAtomicMap, ListShape } from './listSemantics';
import {
  fieldWalk,
  itemElement,
  itemWalk,
  listShape,
  removeAt,
  rootWalk,
  valueAt,
  Walk,
} from './objectPaths';

function mergeValue(live: Json, config: Json, walk: Walk): Json {
  if (config === undefined) {
    return live;
  }
  if (live === undefined) {
    return deepClone(config);
  }
  if (
    isPlainObject(live) &&
    isPlainObject(config) &&
    !(walk.path.length > 0 && isAtomicMap(walk.segments, walk.kind))
  ) {
    const out: Record<string, Json> = { ...live };
    for (const [field, value] of Object.entries(config)) {
      out[field] = mergeValue(live[field], value, fieldWalk(walk, field));
    }
    return out;
  }
  if (Array.isArray(live) && Array.isArray(config)) {
    const shape = listShape(config, walk);
    if (shape.type !== 'atomic' && listShape(live, walk).type !== 'atomic') {
      return mergeItems(live, config, shape, walk);
    }
  }
  return deepClone(config);
}

/**
 * Live items keep their places; configured items keep their relative order
 * and are inserted just before the first live item they share with.
 */
function mergeItems(
  live: Json[],
  config: Json[],
  shape: ListShape,
  walk: Walk,
): Json[] {
  const idOf = (item: Json) => canonicalJson(itemElement(item, shape));
  const liveById = new Map(live.map(item => [idOf(item), item]));
  const configIndex = new Map(config.map((item, i) => [idOf(item), i]));
  const out: Json[] = [];
  let next = 0;
  const emitConfigUpTo = (last: number) => {
    for (; next <= last; next++) {
      const item = config[next];
      const element = itemElement(item, shape)!;
      out.push(
        shape.type === 'map'
          ? mergeValue(liveById.get(idOf(item)), item, itemWalk(walk, element))
          : item,
      );
    }
  };
  for (const item of live) {
    const at = configIndex.get(idOf(item));
    if (at === undefined) {
      out.push(item);
    } else if (at >= next) {
      emitConfigUpTo(at);
    }
  }
  emitConfigUpTo(config.length - 1);
  return out;
}

export function mergeApplied(live: Json, config: Json, kind: string): Json {
  return deepClone(mergeValue(live ?? {}, config, rootWalk(kind, 'main')));
}

function isEmptyContainer(value: Json): boolean {
  return (
    (Array.isArray(value) && value.length === 0) ||
    (isPlainObject(value) && Object.keys(value).length === 0)
  );
}

function isMetadataRoot(path: FieldPath): boolean {
  return (
    path.length === 1 && 'field' in path[0] && path[0].field === 'metadata'
  );
}

/**
 * Removes from `merged` (in place) what the applier owned last time but no
 * longer applies, unless another manager owns it (api-concepts 'Server-Side
 * Apply' → 'Field management': "If the field is not owned by any other
 * field managers, it is either deleted from the live object..."). Maps and
 * lists left empty by that removal go too when nobody owns anything in them.
 */
export function pruneUnapplied(
  merged: Json,
  previous: FieldSet,
  applied: FieldSet,
  othersOwned: FieldSet,
  kind: string,
): void {
  const owned = applied.union(othersOwned);
  const dropped = previous.difference(owned);
  const touchedParents: FieldPath[] = [];
  for (const path of dropped.paths()) {
    if (owned.hasAtOrBelow(path) || isMetadataRoot(path)) {
      continue;
    }
    if (removeAt(merged, path, kind)) {
      for (let depth = path.length - 1; depth > 0; depth--) {
        touchedParents.push(path.slice(0, depth));
      }
    }
  }
  // Deepest first, so a parent sees its emptied children already gone.
  touchedParents.sort((a, b) => b.length - a.length);
  for (const parent of touchedParents) {
    if (
      !isMetadataRoot(parent) &&
      !owned.hasAtOrBelow(parent) &&
      isEmptyContainer(valueAt(merged, parent, kind))
    ) {
      removeAt(merged, parent, kind);
    }
  }
}
