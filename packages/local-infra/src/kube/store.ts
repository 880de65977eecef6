import { clone, KubeObject } from './types';

export type StoreEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: StoreEventType;
  rv: number;
  storageKey: string;
  namespace: string;
  name: string;
  /** Frozen: the object as written (for DELETED: as last seen, with the deletion's resourceVersion). */
  object: KubeObject;
  /** Frozen: the object before this event (absent for ADDED). */
  previous?: KubeObject;
}

export type StoreListener = (event: StoreEvent) => void;

const objectKey = (ns: string, name: string) => `${ns}/${name}`;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * The "etcd" of the server: objects by storage key, one global resourceVersion counter bumped on
 * every write, and a bounded event history that serves watches and consistent list snapshots.
 */
export class ObjectStore {
  private rv: number;
  private compactedRv: number;
  private readonly buckets = new Map<string, Map<string, KubeObject>>();
  /** The same objects by storage key and namespace, as etcd's key prefixes make a namespaced LIST a range read. */
  private readonly namespaces = new Map<string, Map<string, Map<string, KubeObject>>>();
  private readonly history: StoreEvent[] = [];
  private readonly listeners = new Set<StoreListener>();
  private readonly pending: StoreEvent[] = [];
  private delivering = false;

  constructor(private readonly historyLimit = 5000, startRv = 1000) {
    this.rv = startRv;
    this.compactedRv = startRv;
  }

  currentRv(): number {
    return this.rv;
  }

  /** The oldest resourceVersion a watch or snapshot can still start from. */
  oldestRv(): number {
    return this.compactedRv;
  }

  get(storageKey: string, ns: string, name: string): KubeObject | undefined {
    const o = this.buckets.get(storageKey)?.get(objectKey(ns, name));
    return o ? clone(o) : undefined;
  }

  has(storageKey: string, ns: string, name: string): boolean {
    return !!this.buckets.get(storageKey)?.has(objectKey(ns, name));
  }

  /** Sorted by namespace/name, like the keys of the real storage. */
  list(storageKey: string, ns?: string): KubeObject[] {
    const bucket = ns === undefined ? this.buckets.get(storageKey) : this.namespaces.get(storageKey)?.get(ns);
    if (!bucket) return [];
    return sortedValues(bucket, ns).map(o => clone(o));
  }

  /** Read-only view of the stored objects (frozen, not copied): for scans that only read. */
  *scan(
    storageKey?: string,
  ): Iterable<{ storageKey: string; object: KubeObject }> {
    for (const [key, bucket] of this.buckets) {
      if (storageKey !== undefined && key !== storageKey) continue;
      for (const object of bucket.values()) yield { storageKey: key, object };
    }
  }

  storageKeys(): string[] {
    return [...this.buckets.keys()];
  }

  create(storageKey: string, obj: KubeObject): KubeObject {
    return this.write('ADDED', storageKey, obj);
  }

  update(storageKey: string, obj: KubeObject): KubeObject {
    return this.write('MODIFIED', storageKey, obj);
  }

  remove(storageKey: string, ns: string, name: string): KubeObject | undefined {
    const bucket = this.buckets.get(storageKey);
    const key = objectKey(ns, name);
    const previous = bucket?.get(key);
    if (!bucket || !previous) return undefined;
    const rv = ++this.rv;
    const object = clone(previous);
    // The DELETED event carries the resourceVersion of the deletion itself.
    object.metadata.resourceVersion = String(rv);
    deepFreeze(object);
    bucket.delete(key);
    this.namespaces.get(storageKey)?.get(ns)?.delete(key);
    this.record({
      type: 'DELETED',
      rv,
      storageKey,
      namespace: ns,
      name,
      object,
      previous,
    });
    return clone(object);
  }

  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Events after rv, or undefined when rv is older than the kept history (410 Gone). */
  eventsAfter(rv: number): StoreEvent[] | undefined {
    if (rv < this.compactedRv) return undefined;
    const i = this.history.findIndex(e => e.rv > rv);
    return i < 0 ? [] : this.history.slice(i);
  }

  /** The objects of a storage key as they were at rv, or undefined if that is compacted away. */
  snapshot(
    storageKey: string,
    rv: number,
    ns?: string,
  ): KubeObject[] | undefined {
    if (rv < this.compactedRv) return undefined;
    const state = new Map(this.buckets.get(storageKey) ?? []);
    for (
      let i = this.history.length - 1;
      i >= 0 && this.history[i].rv > rv;
      i--
    ) {
      const e = this.history[i];
      if (e.storageKey !== storageKey) continue;
      const key = objectKey(e.namespace, e.name);
      if (e.type === 'ADDED') state.delete(key);
      else if (e.previous) state.set(key, e.previous);
    }
    return sortedValues(state, ns).map(o => clone(o));
  }

  private namespaceIndex(storageKey: string, ns: string): Map<string, KubeObject> {
    let byNamespace = this.namespaces.get(storageKey);
    if (!byNamespace) this.namespaces.set(storageKey, (byNamespace = new Map()));
    let objects = byNamespace.get(ns);
    if (!objects) byNamespace.set(ns, (objects = new Map()));
    return objects;
  }

  private write(
    type: 'ADDED' | 'MODIFIED',
    storageKey: string,
    obj: KubeObject,
  ): KubeObject {
    const ns: string = obj.metadata.namespace ?? '';
    const name: string = obj.metadata.name;
    let bucket = this.buckets.get(storageKey);
    if (!bucket) {
      bucket = new Map();
      this.buckets.set(storageKey, bucket);
    }
    const key = objectKey(ns, name);
    const previous = bucket.get(key);
    if (type === 'ADDED' && previous)
      throw new Error(`store: ${storageKey} ${key} exists`);
    if (type === 'MODIFIED' && !previous)
      throw new Error(`store: ${storageKey} ${key} missing`);
    const rv = ++this.rv;
    const withRv = clone(obj);
    withRv.metadata.resourceVersion = String(rv);
    deepFreeze(withRv);
    bucket.set(key, withRv);
    this.namespaceIndex(storageKey, ns).set(key, withRv);
    this.record({
      type,
      rv,
      storageKey,
      namespace: ns,
      name,
      object: withRv,
      previous,
    });
    return clone(withRv);
  }

  private record(event: StoreEvent) {
    this.history.push(event);
    while (this.history.length > this.historyLimit) {
      this.compactedRv = this.history.shift()!.rv;
    }
    this.deliver(event);
  }

  /**
   * Listeners (watches, controllers) see events strictly in resourceVersion order even when a
   * listener writes while being notified: such writes are queued behind the current event.
   */
  private deliver(event: StoreEvent) {
    this.pending.push(event);
    if (this.delivering) return;
    this.delivering = true;
    try {
      while (this.pending.length) {
        const next = this.pending.shift()!;
        for (const l of [...this.listeners]) {
          try {
            l(next);
          } catch (err) {
            // A failing listener must not stop the others from seeing the event.
            console.error('store listener failed', err);
          }
        }
      }
    } finally {
      this.delivering = false;
    }
  }
}

function sortedValues(
  bucket: Map<string, KubeObject>,
  ns?: string,
): KubeObject[] {
  return [...bucket.entries()]
    .filter(([, o]) => ns === undefined || (o.metadata.namespace ?? '') === ns)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, o]) => o);
}
