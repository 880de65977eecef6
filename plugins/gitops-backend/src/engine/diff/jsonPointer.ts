/** RFC 6901 JSON Pointer: `/spec/replicas`, with `~1` for '/' and `~0` for '~'. */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) {
    throw new Error(
      `invalid JSON pointer "${pointer}": it must start with "/"`,
    );
  }
  return pointer
    .slice(1)
    .split('/')
    .map(token => {
      if (/~[^01]|~$/.test(token)) {
        throw new Error(
          `invalid JSON pointer "${pointer}": "~" must be followed by 0 or 1`,
        );
      }
      // Order matters (RFC 6901 §4): ~1 first, so "~01" decodes to "~1", not "/".
      return token.replace(/~1/g, '/').replace(/~0/g, '~');
    });
}

/**
 * Removes the value at `pointer` from `doc` in place; a pointer to nothing is a no-op
 * (an ignore rule must not fail because a field is absent). Removing the whole
 * document is refused: an ignore rule for "" would hide every change.
 */
export function removeAtPointer(doc: unknown, pointer: string): void {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) {
    throw new Error('the empty JSON pointer "" would ignore the whole object');
  }
  let parent: unknown = doc;
  for (const token of tokens.slice(0, -1)) {
    parent = child(parent, token);
    if (parent === undefined) return;
  }
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) {
    const index = arrayIndex(last);
    if (index !== undefined && index < parent.length) parent.splice(index, 1);
  } else if (
    isRecord(parent) &&
    Object.prototype.hasOwnProperty.call(parent, last)
  ) {
    delete parent[last];
  }
}

function child(value: unknown, token: string): unknown {
  if (Array.isArray(value)) {
    const index = arrayIndex(token);
    return index === undefined ? undefined : value[index];
  }
  if (isRecord(value) && Object.prototype.hasOwnProperty.call(value, token)) {
    return value[token];
  }
  return undefined;
}

function arrayIndex(token: string): number | undefined {
  return /^(0|[1-9][0-9]*)$/.test(token) ? Number(token) : undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
