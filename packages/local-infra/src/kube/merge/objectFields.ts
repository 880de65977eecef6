/**
 * Field sets of objects: the set an applied configuration claims, and the
 * difference between two versions of an object.
 */
import { FieldSet } from './fieldSet';
import { deepEqual, isPlainObject, Json } from './jsonValue';
import { isAlwaysPresent, isAtomicMap } from './listSemantics';
import {
  fieldWalk,
  isUntracked,
  itemElement,
  itemWalk,
  listShape,
  rootWalk,
  Scope,
  Walk,
} from './objectPaths';

type Visit = (walk: Walk) => void;

/**
 * Visits every node below `value`: map fields, list items, and leaves
 * (scalars, atomic lists, atomic maps). `visit` is called for each node,
 * parents before children.
 */
function visitNodes(
  value: Json,
  walk: Walk,
  visit: Visit,
  leavesOnly: boolean,
): void {
  if (
    isPlainObject(value) &&
    !(walk.path.length > 0 && isAtomicMap(walk.segments, walk.kind))
  ) {
    if (!leavesOnly && walk.path.length > 0) {
      visit(walk);
    }
    for (const [field, child] of Object.entries(value)) {
      if (!isUntracked(walk, field)) {
        visitNodes(child, fieldWalk(walk, field), visit, leavesOnly);
      }
    }
    return;
  }
  if (Array.isArray(value)) {
    const shape = listShape(value, walk);
    if (shape.type !== 'atomic') {
      if (!leavesOnly) {
        visit(walk);
      }
      for (const item of value) {
        const items = itemWalk(walk, itemElement(item, shape)!);
        // List items are members of an apply set too: they are what a key names.
        visit(items);
        if (shape.type === 'map') {
          for (const [field, child] of Object.entries(item)) {
            visitNodes(child, fieldWalk(items, field), visit, leavesOnly);
          }
        }
      }
      return;
    }
  }
  visit(walk);
}

/**
 * The fields an applied configuration claims: every leaf and every list
 * item it names; maps are not members themselves (api-concepts
 * 'Server-Side Apply' → 'Field management').
 */
export function appliedFieldSet(config: Json, kind: string): FieldSet {
  const set = new FieldSet();
  visitNodes(
    config,
    rootWalk(kind, 'main'),
    walk => set.insert(walk.path),
    true,
  );
  return set;
}

export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

function collectSubtree(
  value: Json,
  walk: Walk,
  set: FieldSet,
  markAlwaysPresent: boolean,
): void {
  const insert = (w: Walk) => {
    if (markAlwaysPresent || !isAlwaysPresent(w.segments, w.kind)) {
      set.insert(w.path);
    }
  };
  if (walk.path.length > 0) {
    insert(walk);
  }
  visitNodes(
    value,
    walk,
    w => (w.path.length > walk.path.length ? insert(w) : undefined),
    false,
  );
}

function compareValues(
  before: Json,
  after: Json,
  walk: Walk,
  out: Comparison,
): void {
  if (before === undefined && after === undefined) {
    return;
  }
  if (before === undefined) {
    collectSubtree(after, walk, out.added, false);
    return;
  }
  if (after === undefined) {
    collectSubtree(before, walk, out.removed, true);
    return;
  }
  const atomicMap =
    walk.path.length > 0 && isAtomicMap(walk.segments, walk.kind);
  if (isPlainObject(before) && isPlainObject(after) && !atomicMap) {
    for (const field of new Set([
      ...Object.keys(before),
      ...Object.keys(after),
    ])) {
      if (!isUntracked(walk, field)) {
        compareValues(before[field], after[field], fieldWalk(walk, field), out);
      }
    }
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const shapeBefore = listShape(before, walk);
    const shapeAfter = listShape(after, walk);
    if (shapeBefore.type !== 'atomic' && shapeAfter.type !== 'atomic') {
      compareItems(before, after, walk, out);
      return;
    }
  }
  if (!deepEqual(before, after)) {
    out.modified.insert(walk.path);
    const kindOf = (v: Json) => (Array.isArray(v) ? 'list' : typeof v);
    if (kindOf(before) !== kindOf(after)) {
      // A map that became a scalar (or similar): what was below it is gone.
      collectSubtree(before, walk, out.removed, true);
      collectSubtree(after, walk, out.added, false);
    }
  }
}

function compareItems(
  before: Json[],
  after: Json[],
  walk: Walk,
  out: Comparison,
): void {
  const shape = listShape(after, walk);
  const index = (list: Json[]) =>
    new Map(
      list.map(item => {
        const element = itemElement(item, shape)!;
        return [
          JSON.stringify(itemWalk(walk, element).path),
          { item, element },
        ] as const;
      }),
    );
  const beforeItems = index(before);
  const afterItems = index(after);
  for (const id of new Set([...beforeItems.keys(), ...afterItems.keys()])) {
    const b = beforeItems.get(id);
    const a = afterItems.get(id);
    const items = itemWalk(walk, (a ?? b)!.element);
    if (!b || !a) {
      compareValues(b?.item, a?.item, items, out);
    } else if (shape.type === 'map') {
      for (const field of new Set([
        ...Object.keys(b.item),
        ...Object.keys(a.item),
      ])) {
        compareValues(
          b.item[field],
          a.item[field],
          fieldWalk(items, field),
          out,
        );
      }
    }
  }
}

/**
 * What changed from `before` to `after` in the fields of `scope`, as the API
 * computes it to give a writer ownership (api-concepts 'Field management').
 */
export function compareObjects(
  before: Json,
  after: Json,
  kind: string,
  scope: Scope,
): Comparison {
  const out: Comparison = {
    added: new FieldSet(),
    modified: new FieldSet(),
    removed: new FieldSet(),
  };
  compareValues(before ?? {}, after ?? {}, rootWalk(kind, scope), out);
  return out;
}
