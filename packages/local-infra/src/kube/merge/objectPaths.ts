/**
 * Addressing values inside an object by field path, using the list shapes of
 * listSemantics.ts to name list items the way managedFields does.
 */
import { FieldPath, PathElement } from './fieldSet';
import { isPlainObject, canonicalJson, Json } from './jsonValue';
import { ListShape, ssaListShape } from './listSemantics';

/** Fields the API never records an owner for (api-concepts 'Field management'). */
const UNOWNED_METADATA = new Set([
  'name',
  'namespace',
  'creationTimestamp',
  'selfLink',
  'uid',
  'clusterName',
  'generation',
  'managedFields',
  'resourceVersion',
]);

/** Which part of the object a write may own: the main resource, or the status subresource. */
export type Scope = 'main' | 'status';

export interface Walk {
  kind: string;
  scope: Scope;
  /** Field names from the root, '[]' for each list item step; keys listSemantics. */
  segments: string[];
  path: FieldPath;
}

export function rootWalk(kind: string, scope: Scope): Walk {
  return { kind, scope, segments: [], path: [] };
}

export function fieldWalk(walk: Walk, field: string): Walk {
  return {
    ...walk,
    segments: [...walk.segments, field],
    path: [...walk.path, { field }],
  };
}

export function itemWalk(walk: Walk, element: PathElement): Walk {
  return {
    ...walk,
    segments: [...walk.segments, '[]'],
    path: [...walk.path, element],
  };
}

/** True for fields no manager owns: identity, server-set metadata, and the other scope. */
export function isUntracked(walk: Walk, field: string): boolean {
  if (walk.segments.length === 0) {
    if (field === 'apiVersion' || field === 'kind') {
      return true;
    }
    // The main resource never owns status, and the status subresource owns only status.
    return walk.scope === 'status' ? field !== 'status' : field === 'status';
  }
  return (
    walk.segments.length === 1 &&
    walk.segments[0] === 'metadata' &&
    UNOWNED_METADATA.has(field)
  );
}

/** The path element naming `item` in a list of this shape, if it can be named. */
export function itemElement(
  item: Json,
  shape: ListShape,
): PathElement | undefined {
  if (shape.type === 'set') {
    return isPlainObject(item) || Array.isArray(item)
      ? undefined
      : { value: item };
  }
  if (shape.type !== 'map' || !isPlainObject(item)) {
    return undefined;
  }
  const key: Record<string, Json> = {};
  for (const field of shape.keys) {
    const value = item[field] ?? shape.keyDefaults[field];
    if (value === undefined) {
      return undefined;
    }
    key[field] = value;
  }
  return { key };
}

/**
 * The shape a list value is treated with: its declared shape, or atomic when
 * some item cannot be named or two items share a name.
 */
export function listShape(list: Json[], walk: Walk): ListShape {
  const shape = ssaListShape(walk.segments, walk.kind);
  if (shape.type === 'atomic') {
    return shape;
  }
  const seen = new Set<string>();
  for (const item of list) {
    const element = itemElement(item, shape);
    if (!element) {
      return { type: 'atomic' };
    }
    const id = canonicalJson(element);
    if (seen.has(id)) {
      return { type: 'atomic' };
    }
    seen.add(id);
  }
  return shape;
}

export function sameElement(
  a: PathElement | undefined,
  b: PathElement,
): boolean {
  return a !== undefined && canonicalJson(a) === canonicalJson(b);
}

/** Field names of `path`, with '[]' for list items, as listSemantics expects. */
export function segmentsOf(path: FieldPath): string[] {
  return path.map(element => ('field' in element ? element.field : '[]'));
}

/** Index of the item named `element` in `list`, or -1. */
export function findItem(
  list: Json[],
  element: PathElement,
  listSegments: string[],
  kind: string,
): number {
  if ('index' in element) {
    return element.index < list.length ? element.index : -1;
  }
  const shape = ssaListShape(listSegments, kind);
  return list.findIndex(item => sameElement(itemElement(item, shape), element));
}

/** The value at `path`, or undefined. */
export function valueAt(obj: Json, path: FieldPath, kind: string): Json {
  let current = obj;
  for (let i = 0; i < path.length; i++) {
    const element = path[i];
    if ('field' in element) {
      current = isPlainObject(current) ? current[element.field] : undefined;
    } else if (Array.isArray(current)) {
      const at = findItem(current, element, segmentsOf(path.slice(0, i)), kind);
      current = at >= 0 ? current[at] : undefined;
    } else {
      current = undefined;
    }
    if (current === undefined) {
      return undefined;
    }
  }
  return current;
}

/** Removes the value at `path` from `obj` in place; false if there was none. */
export function removeAt(obj: Json, path: FieldPath, kind: string): boolean {
  if (path.length === 0) {
    return false;
  }
  const parent = valueAt(obj, path.slice(0, -1), kind);
  const last = path[path.length - 1];
  if ('field' in last) {
    if (!isPlainObject(parent) || !(last.field in parent)) {
      return false;
    }
    delete parent[last.field];
    return true;
  }
  if (!Array.isArray(parent)) {
    return false;
  }
  const at = findItem(parent, last, segmentsOf(path.slice(0, -1)), kind);
  if (at < 0) {
    return false;
  }
  parent.splice(at, 1);
  return true;
}
