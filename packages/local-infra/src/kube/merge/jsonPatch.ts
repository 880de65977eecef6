/**
 * JSON Patch (RFC 6902) over plain JSON values.
 */
import { deepClone, deepEqual, isPlainObject, Json } from './jsonValue';
import { PatchError } from './patchError';

const OPS = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);

/** RFC 6901 §3/§4: split a pointer and undo the ~1 and ~0 escapes. */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') {
    return [];
  }
  if (!pointer.startsWith('/')) {
    throw PatchError.invalid(`JSON pointer must start with "/": ${pointer}`);
  }
  return pointer
    .slice(1)
    .split('/')
    .map(token => {
      if (/~[^01]|~$/.test(token)) {
        throw PatchError.invalid(`invalid escape in JSON pointer: ${pointer}`);
      }
      return token.replace(/~1/g, '/').replace(/~0/g, '~');
    });
}

function arrayIndex(token: string, length: number, allowEnd: boolean): number {
  if (token === '-' && allowEnd) {
    return length;
  }
  // RFC 6901 §4: no leading zeros, digits only.
  if (!/^(0|[1-9][0-9]*)$/.test(token)) {
    throw PatchError.invalid(`invalid array index: ${token}`);
  }
  const index = Number(token);
  if (index > length || (!allowEnd && index === length)) {
    throw PatchError.invalid(`array index out of bounds: ${index}`);
  }
  return index;
}

function childOf(container: Json, token: string): Json {
  if (Array.isArray(container)) {
    if (!/^(0|[1-9][0-9]*)$/.test(token) || Number(token) >= container.length) {
      return undefined;
    }
    return container[Number(token)];
  }
  if (isPlainObject(container) && Object.hasOwn(container, token)) {
    return container[token];
  }
  return undefined;
}

function resolve(doc: Json, tokens: string[]): Json {
  let current = doc;
  for (const token of tokens) {
    current = childOf(current, token);
    if (current === undefined) {
      return undefined;
    }
  }
  return current;
}

function missing(op: string, path: string): PatchError {
  return PatchError.invalid(
    `${op} operation does not apply: doc is missing path: "${path}": missing value`,
  );
}

/** Returns the container holding the last token of `path`, or throws. */
function parentOf(doc: Json, tokens: string[], op: string, path: string) {
  const parent = resolve(doc, tokens.slice(0, -1));
  if (!Array.isArray(parent) && !isPlainObject(parent)) {
    throw missing(op, path);
  }
  return { parent, last: tokens[tokens.length - 1] };
}

function add(doc: Json, path: string, value: Json): Json {
  const tokens = parsePointer(path);
  if (tokens.length === 0) {
    return value;
  }
  const { parent, last } = parentOf(doc, tokens, 'add', path);
  if (Array.isArray(parent)) {
    parent.splice(arrayIndex(last, parent.length, true), 0, value);
  } else {
    parent[last] = value;
  }
  return doc;
}

function remove(doc: Json, path: string, op = 'remove'): Json {
  const tokens = parsePointer(path);
  if (tokens.length === 0) {
    throw PatchError.invalid(
      `${op} operation does not apply: cannot remove the document root`,
    );
  }
  const { parent, last } = parentOf(doc, tokens, op, path);
  if (Array.isArray(parent)) {
    parent.splice(arrayIndex(last, parent.length, false), 1);
  } else if (Object.hasOwn(parent, last)) {
    delete parent[last];
  } else {
    throw missing(op, path);
  }
  return doc;
}

function requireValue(op: Record<string, Json>): Json {
  if (!Object.hasOwn(op, 'value')) {
    throw PatchError.invalid(`${op.op} operation is missing its value`);
  }
  return op.value;
}

function requireString(
  op: Record<string, Json>,
  field: 'path' | 'from',
): string {
  const value = op[field];
  if (typeof value !== 'string') {
    throw PatchError.invalid(`${op.op} operation is missing its ${field}`);
  }
  return value;
}

function applyOne(doc: Json, op: Record<string, Json>): Json {
  const path = requireString(op, 'path');
  switch (op.op) {
    case 'add':
      return add(doc, path, deepClone(requireValue(op)));
    case 'remove':
      return remove(doc, path);
    case 'replace': {
      const value = deepClone(requireValue(op));
      if (resolve(doc, parsePointer(path)) === undefined) {
        throw missing('replace', path);
      }
      return parsePointer(path).length === 0
        ? value
        : add(remove(doc, path, 'replace'), path, value);
    }
    case 'move': {
      const from = requireString(op, 'from');
      const value = resolve(doc, parsePointer(from));
      if (value === undefined) {
        throw missing('move', from);
      }
      if (from === path) {
        return doc;
      }
      // RFC 6902 §4.4: a location cannot be moved into one of its children.
      if (path.startsWith(`${from}/`)) {
        throw PatchError.invalid(
          `move operation cannot move "${from}" into its own child "${path}"`,
        );
      }
      return add(remove(doc, from, 'move'), path, value);
    }
    case 'copy': {
      const from = requireString(op, 'from');
      const value = resolve(doc, parsePointer(from));
      if (value === undefined) {
        throw missing('copy', from);
      }
      return add(doc, path, deepClone(value));
    }
    case 'test': {
      const expected = requireValue(op);
      const actual = resolve(doc, parsePointer(path));
      if (actual === undefined || !deepEqual(actual, expected)) {
        throw PatchError.invalid(`testing value ${path} failed: test failed`);
      }
      return doc;
    }
    default:
      throw PatchError.invalid(`Unexpected kind: ${String(op.op)}`);
  }
}

/** Applies `ops` to a copy of `doc`; the operations run in order and all-or-nothing. */
export function applyJsonPatch(doc: Json, ops: Json[]): Json {
  if (!Array.isArray(ops)) {
    throw PatchError.badRequest('json patch must be an array of operations');
  }
  for (const op of ops) {
    if (!isPlainObject(op)) {
      throw PatchError.badRequest('json patch operations must be objects');
    }
    if (typeof op.op !== 'string' || !OPS.has(op.op)) {
      throw PatchError.invalid(`Unexpected kind: ${String(op.op)}`);
    }
  }
  let result = deepClone(doc);
  for (const op of ops) {
    result = applyOne(result, op);
  }
  return result;
}
