/**
 * Sets of field paths, as server-side apply records them in
 * `metadata.managedFields[].fieldsV1` (api-concepts 'Field management').
 *
 * A path is a list of elements:
 *  - `f:<name>`   a field of a map or struct
 *  - `k:<json>`   an item of an associative list, named by its key fields
 *  - `v:<json>`   an item of a set-like list of primitives, named by its value
 *  - `i:<index>`  an item of a list by position
 * In FieldsV1 every member is an (empty) object; a node that is a member and
 * also has members below it holds `".": {}`.
 */
import { canonicalJson, compareValues, Json } from './jsonValue';

export type PathElement =
  | { field: string }
  | { key: Record<string, Json> }
  | { value: Json }
  | { index: number };

export type FieldPath = PathElement[];

export function encodeElement(element: PathElement): string {
  if ('field' in element) {
    return `f:${element.field}`;
  }
  if ('key' in element) {
    return `k:${canonicalJson(element.key)}`;
  }
  if ('value' in element) {
    return `v:${canonicalJson(element.value)}`;
  }
  return `i:${element.index}`;
}

export function decodeElement(text: string): PathElement {
  const body = text.slice(2);
  switch (text.slice(0, 2)) {
    case 'f:':
      return { field: body };
    case 'k:':
      return { key: JSON.parse(body) };
    case 'v:':
      return { value: JSON.parse(body) };
    case 'i:':
      return { index: Number(body) };
    default:
      throw new Error(`unknown field path element: ${text}`);
  }
}

function quote(value: Json): string {
  return typeof value === 'string'
    ? JSON.stringify(value)
    : canonicalJson(value);
}

/**
 * The path as the API prints it in conflict messages, e.g.
 * `.spec.template.spec.containers[name="web"].image`.
 */
export function pathToString(path: FieldPath): string {
  return path
    .map(element => {
      if ('field' in element) {
        return `.${element.field}`;
      }
      if ('key' in element) {
        const fields = Object.keys(element.key).sort();
        return `[${fields
          .map(f => `${f}=${quote(element.key[f])}`)
          .join(',')}]`;
      }
      if ('value' in element) {
        return `[=${quote(element.value)}]`;
      }
      return `[${element.index}]`;
    })
    .join('');
}

const ELEMENT_RANK = { 'f:': 0, 'k:': 1, 'v:': 2, 'i:': 3 } as Record<
  string,
  number
>;

/** The order the API serializes a set in: fields by name, then keys, values, indexes. */
function compareElements(a: PathElement, b: PathElement): number {
  const ea = encodeElement(a);
  const eb = encodeElement(b);
  const rank = ELEMENT_RANK[ea.slice(0, 2)] - ELEMENT_RANK[eb.slice(0, 2)];
  if (rank !== 0) {
    return rank;
  }
  if ('key' in a && 'key' in b) {
    const fa = Object.keys(a.key).sort();
    const fb = Object.keys(b.key).sort();
    for (let i = 0; i < Math.min(fa.length, fb.length); i++) {
      const byName =
        compareValues(fa[i], fb[i]) ||
        compareValues(a.key[fa[i]], b.key[fb[i]]);
      if (byName !== 0) {
        return byName;
      }
    }
    return fa.length - fb.length;
  }
  if ('value' in a && 'value' in b) {
    return compareValues(a.value, b.value);
  }
  if ('index' in a && 'index' in b) {
    return a.index - b.index;
  }
  return compareValues(ea, eb);
}

interface Child {
  element: PathElement;
  node: FieldSet;
}

export class FieldSet {
  private member = false;
  private readonly children = new Map<string, Child>();

  static of(paths: FieldPath[]): FieldSet {
    const set = new FieldSet();
    paths.forEach(path => set.insert(path));
    return set;
  }

  insert(path: FieldPath): void {
    let node: FieldSet = this;
    for (const element of path) {
      const encoded = encodeElement(element);
      let child = node.children.get(encoded);
      if (!child) {
        child = { element, node: new FieldSet() };
        node.children.set(encoded, child);
      }
      node = child.node;
    }
    node.member = true;
  }

  private descend(path: FieldPath): FieldSet | undefined {
    let node: FieldSet | undefined = this;
    for (const element of path) {
      node = node.children.get(encodeElement(element))?.node;
      if (!node) {
        return undefined;
      }
    }
    return node;
  }

  has(path: FieldPath): boolean {
    return this.descend(path)?.member ?? false;
  }

  /** True when `path` itself or anything below it is a member. */
  hasAtOrBelow(path: FieldPath): boolean {
    const node = this.descend(path);
    return node !== undefined && !node.isEmpty();
  }

  isEmpty(): boolean {
    if (this.member) {
      return false;
    }
    for (const { node } of this.children.values()) {
      if (!node.isEmpty()) {
        return false;
      }
    }
    return true;
  }

  private sortedChildren(): Child[] {
    return [...this.children.values()].sort((a, b) =>
      compareElements(a.element, b.element),
    );
  }

  /**
   * Every member path: first the members at one level, then those below,
   * each in serialization order (the order conflicts are listed in).
   */
  paths(): FieldPath[] {
    const out: FieldPath[] = this.member ? [[]] : [];
    this.collect([], out);
    return out;
  }

  private collect(prefix: FieldPath, out: FieldPath[]): void {
    const children = this.sortedChildren();
    for (const { element, node } of children) {
      if (node.member) {
        out.push([...prefix, element]);
      }
    }
    for (const { element, node } of children) {
      node.collect([...prefix, element], out);
    }
  }

  private combine(
    other: FieldSet,
    keep: (a: boolean, b: boolean) => boolean,
  ): FieldSet {
    const out = new FieldSet();
    out.member = keep(this.member, other.member);
    const encodedKeys = new Set([
      ...this.children.keys(),
      ...other.children.keys(),
    ]);
    for (const encoded of encodedKeys) {
      const mine = this.children.get(encoded);
      const theirs = other.children.get(encoded);
      const node = (mine?.node ?? new FieldSet()).combine(
        theirs?.node ?? new FieldSet(),
        keep,
      );
      if (!node.isEmpty()) {
        out.children.set(encoded, { element: (mine ?? theirs)!.element, node });
      }
    }
    return out;
  }

  union(other: FieldSet): FieldSet {
    return this.combine(other, (a, b) => a || b);
  }

  difference(other: FieldSet): FieldSet {
    return this.combine(other, (a, b) => a && !b);
  }

  intersection(other: FieldSet): FieldSet {
    return this.combine(other, (a, b) => a && b);
  }

  toFieldsV1(): Record<string, Json> {
    const out: Record<string, Json> = {};
    const children = this.sortedChildren().filter(c => !c.node.isEmpty());
    if (this.member && children.length > 0) {
      out['.'] = {};
    }
    for (const { element, node } of children) {
      out[encodeElement(element)] = node.toFieldsV1();
    }
    return out;
  }

  static fromFieldsV1(fields: Record<string, Json> | undefined): FieldSet {
    const set = new FieldSet();
    set.readFieldsV1(fields ?? {});
    return set;
  }

  private readFieldsV1(fields: Record<string, Json>): void {
    for (const [encoded, value] of Object.entries(fields)) {
      if (encoded === '.') {
        this.member = true;
        continue;
      }
      const node = new FieldSet();
      const inner = value && typeof value === 'object' ? value : {};
      if (Object.keys(inner).length === 0) {
        node.member = true;
      } else {
        node.readFieldsV1(inner);
      }
      this.children.set(encoded, { element: decodeElement(encoded), node });
    }
  }
}
