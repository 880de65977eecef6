import { builtinResourceTypes } from './builtinKinds';
import { apiVersionOf, ResourceType } from './types';

/** Kube-aware version order (v2 > v1 > v1beta2 > v1beta1 > v1alpha1 > other), as discovery lists them. */
export function versionPriority(a: string, b: string): number {
  const parse = (v: string) => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return [0, 0, 0];
    return [
      3 - (m[2] === 'beta' ? 1 : m[2] === 'alpha' ? 2 : 0),
      Number(m[1]),
      Number(m[3] ?? 0),
    ];
  };
  const [pa, pb] = [parse(a), parse(b)];
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pb[i] - pa[i];
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface GroupVersions {
  group: string;
  versions: string[];
  preferred: string;
}

/**
 * The served resources of one server: the built-ins plus whatever CRDs registered at run time.
 * Versions of one group are listed in kube-aware priority order, the preferred one first.
 */
export class Registry {
  private types: ResourceType[] = builtinResourceTypes();
  /** Bumped whenever the served set changes (documents derived from it can be cached per revision). */
  revision = 0;

  all(): ResourceType[] {
    return this.types;
  }

  find(
    group: string,
    version: string,
    plural: string,
  ): ResourceType | undefined {
    return this.types.find(
      t => t.group === group && t.version === version && t.plural === plural,
    );
  }

  findByKind(apiVersion: string, kind: string): ResourceType | undefined {
    return this.types.find(
      t => apiVersionOf(t) === apiVersion && t.kind === kind,
    );
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
    this.types = this.types
      .filter(t => !(t.group === group && t.plural === plural))
      .concat(types);
    this.revision++;
  }

  removeCustom(group: string, plural: string): void {
    this.types = this.types.filter(
      t => !(t.custom && t.group === group && t.plural === plural),
    );
    this.revision++;
  }

  groups(): GroupVersions[] {
    const byGroup = new Map<string, string[]>();
    for (const t of this.types) {
      const versions = byGroup.get(t.group) ?? [];
      if (!versions.includes(t.version)) versions.push(t.version);
      byGroup.set(t.group, versions);
    }
    return [...byGroup.entries()].map(([group, versions]) => {
      versions.sort(versionPriority);
      return { group, versions, preferred: versions[0] };
    });
  }

  inGroupVersion(group: string, version: string): ResourceType[] {
    return this.types.filter(t => t.group === group && t.version === version);
  }
}

/** Module-level helper: is this kind namespaced in this registry? */
export function isNamespaced(
  registry: Registry,
  apiVersion: string,
  kind: string,
): boolean | undefined {
  return registry.isNamespaced(apiVersion, kind);
}
