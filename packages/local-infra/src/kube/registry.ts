import { builtinResourceTypes } from './builtinKinds';
import { apiVersionOf, ResourceType } from './types';

export interface GroupVersions {
  group: string;
  versions: string[];
  preferred: string;
}

/**
 * The served resources of one server: the built-ins plus whatever CRDs registered at run time.
 * Versions of one group are listed in the order they were registered, preferred first.
 */
export class Registry {
  private types: ResourceType[] = builtinResourceTypes();
  private listeners = new Set<() => void>();

  all(): ResourceType[] {
    return this.types;
  }

  find(group: string, version: string, plural: string): ResourceType | undefined {
    return this.types.find(t => t.group === group && t.version === version && t.plural === plural);
  }

  findByKind(apiVersion: string, kind: string): ResourceType | undefined {
    return this.types.find(t => apiVersionOf(t) === apiVersion && t.kind === kind);
  }

  /** Any served version of a group/plural (storage is shared by all of them). */
  findAnyVersion(group: string, plural: string): ResourceType | undefined {
    return this.types.find(t => t.group === group && t.plural === plural);
  }

  /** true / false for a served kind, undefined when the kind is not served. */
  isNamespaced(apiVersion: string, kind: string): boolean | undefined {
    return this.findByKind(apiVersion, kind)?.namespaced;
  }

  /** Replaces every version of group/plural (a CRD was created or changed). */
  replaceCustom(group: string, plural: string, types: ResourceType[]): void {
    this.types = this.types.filter(t => !(t.group === group && t.plural === plural)).concat(types);
    this.changed();
  }

  removeCustom(group: string, plural: string): void {
    this.types = this.types.filter(t => !(t.custom && t.group === group && t.plural === plural));
    this.changed();
  }

  groups(): GroupVersions[] {
    const byGroup = new Map<string, string[]>();
    for (const t of this.types) {
      const versions = byGroup.get(t.group) ?? [];
      if (!versions.includes(t.version)) versions.push(t.version);
      byGroup.set(t.group, versions);
    }
    return [...byGroup.entries()].map(([group, versions]) => ({
      group,
      versions,
      preferred: versions[0],
    }));
  }

  inGroupVersion(group: string, version: string): ResourceType[] {
    return this.types.filter(t => t.group === group && t.version === version);
  }

  /** Notified whenever the served set changes (discovery and OpenAPI documents are rebuilt). */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed() {
    for (const l of this.listeners) l();
  }
}

/** Module-level helper: is this kind namespaced in this registry? */
export function isNamespaced(registry: Registry, apiVersion: string, kind: string): boolean | undefined {
  return registry.isNamespaced(apiVersion, kind);
}
