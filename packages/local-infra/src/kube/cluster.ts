import { timestamp } from './objectUtil';
import { Registry } from './registry';
import { ObjectStore } from './store';
import { apiVersionOf, KubeObject, ResourceType, storageKeyOf } from './types';

export interface ClusterOptions {
  /** PEM published in every namespace's kube-root-ca.crt ConfigMap. */
  caPem: string;
  historyLimit?: number;
}

const NAMESPACES = { group: '', plural: 'namespaces' };

/**
 * The state of the simulated cluster: served kinds, stored objects, and the small amount of
 * knowledge every operation needs (clock, namespace state, version conversion).
 */
export class Cluster {
  readonly registry = new Registry();
  readonly store: ObjectStore;
  /** Images that never become ready (see ClusterHandle.failImage). */
  readonly failingImages = new Set<string>();
  private ipCounter = 10;
  private nodePortCounter = 30000;

  constructor(readonly options: ClusterOptions) {
    this.store = new ObjectStore(options.historyLimit ?? 5000);
  }

  now(): string {
    return timestamp();
  }

  storageKey(type: ResourceType): string {
    return storageKeyOf(type);
  }

  /** Objects are stored once for all versions; reads present them in the requested version. */
  present(obj: KubeObject, type: ResourceType): KubeObject {
    obj.apiVersion = apiVersionOf(type);
    obj.kind = type.kind;
    return obj;
  }

  read(type: ResourceType, ns: string, name: string): KubeObject | undefined {
    const o = this.store.get(
      storageKeyOf(type),
      type.namespaced ? ns : '',
      name,
    );
    return o && this.present(o, type);
  }

  readAll(type: ResourceType, ns?: string): KubeObject[] {
    return this.store
      .list(storageKeyOf(type), type.namespaced ? ns : undefined)
      .map(o => this.present(o, type));
  }

  namespacePhase(ns: string): 'missing' | 'Active' | 'Terminating' {
    const o = this.store.get(storageKeyOf(NAMESPACES), '', ns);
    if (!o) return 'missing';
    return o.metadata.deletionTimestamp ? 'Terminating' : 'Active';
  }

  /** Service cluster IPs come from 10.96.0.0/12 (10.96.0.1 is the kubernetes Service). */
  allocateClusterIP(): string {
    const n = ++this.ipCounter;
    return `10.96.${Math.floor(n / 250)}.${(n % 250) + 1}`;
  }

  allocateNodePort(): number {
    return ++this.nodePortCounter;
  }

  /** The served type of a stored object (any served version of its group/kind). */
  typeOfStorageKey(storageKey: string): ResourceType | undefined {
    const [group, plural] = storageKey.split('/');
    return this.registry.findAnyVersion(group, plural);
  }
}
