import { isDeepStrictEqual } from 'node:util';

/**
 * Dotted paths of the leaves that differ between two values, e.g. `spec.replicas`,
 * `spec.template.spec.containers[name=web].image`, `metadata.labels["app.kubernetes.io/name"]`.
 * Lists whose items all carry a unique `name` (containers, env, volumes, ports) are
 * matched by name, as strategic merge patch does, so inserting one item reports one
 * path and not a shift of every later index.
 */
export function changedFields(a: unknown, b: unknown): string[] {
  const out: string[] = [];
  collect(a, b, '', out);
  return out;
}

function collect(a: unknown, b: unknown, path: string, out: string[]): void {
  if (isDeepStrictEqual(a, b)) return;
  if (isRecord(a) && isRecord(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const key of keys) collect(a[key], b[key], joinKey(path, key), out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const byNameA = indexByName(a);
    const byNameB = indexByName(b);
    if (byNameA && byNameB) {
      const names = [...new Set([...byNameA.keys(), ...byNameB.keys()])];
      for (const name of names) {
        collect(
          byNameA.get(name),
          byNameB.get(name),
          `${path}[name=${name}]`,
          out,
        );
      }
      return;
    }
    if (a.length === b.length) {
      a.forEach((item, i) => collect(item, b[i], `${path}[${i}]`, out));
      return;
    }
  }
  out.push(path);
}

function indexByName(list: unknown[]): Map<string, unknown> | undefined {
  const map = new Map<string, unknown>();
  for (const item of list) {
    if (
      !isRecord(item) ||
      typeof item.name !== 'string' ||
      map.has(item.name)
    ) {
      return undefined;
    }
    map.set(item.name, item);
  }
  return map;
}

function joinKey(path: string, key: string): string {
  if (/^[A-Za-z_$][\w$-]*$/.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${JSON.stringify(key)}]`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
