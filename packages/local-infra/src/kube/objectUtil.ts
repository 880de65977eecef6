import type { KubeObject } from './types';

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (
    typeof a !== 'object' ||
    typeof b !== 'object' ||
    a === null ||
    b === null
  )
    return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => deepEqual(v, bb[i]));
  }
  const ka = Object.keys(a as object).filter(k => (a as any)[k] !== undefined);
  const kb = Object.keys(b as object).filter(k => (b as any)[k] !== undefined);
  return (
    ka.length === kb.length &&
    ka.every(k => deepEqual((a as any)[k], (b as any)[k]))
  );
}

/** Everything except metadata and status: what metadata.generation tracks (API conventions: "Metadata" → generation). */
export function specChanged(before: KubeObject, after: KubeObject): boolean {
  const strip = ({ metadata: _m, status: _s, ...rest }: KubeObject) => rest;
  return !deepEqual(strip(before), strip(after));
}

/** Equal apart from managedFields timestamps and resourceVersion: such a write is a no-op and is not persisted. */
export function sameObjectIgnoringTimes(a: KubeObject, b: KubeObject): boolean {
  const norm = (o: KubeObject) => ({
    ...o,
    metadata: {
      ...o.metadata,
      resourceVersion: undefined,
      managedFields: (o.metadata.managedFields ?? []).map((e: any) => ({
        ...e,
        time: undefined,
      })),
    },
  });
  return deepEqual(norm(a), norm(b));
}

/** RFC 3339 with second precision, as metav1.Time serialises. */
export const timestamp = (d: Date = new Date()) =>
  `${d.toISOString().slice(0, 19)}Z`;

export function getPath(obj: any, dotted: string): any {
  let cur = obj;
  for (const p of dotted.replace(/^\./, '').split('.')) {
    if (cur === undefined || cur === null) return undefined;
    cur = cur[p];
  }
  return cur;
}

export function setPath(obj: any, dotted: string, value: any): void {
  const parts = dotted.replace(/^\./, '').split('.');
  let cur = obj;
  for (const p of parts.slice(0, -1)) {
    if (typeof cur[p] !== 'object' || cur[p] === null) cur[p] = {};
    cur = cur[p];
  }
  cur[parts[parts.length - 1]] = value;
}

export const isPlainObject = (v: unknown): v is Record<string, any> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
