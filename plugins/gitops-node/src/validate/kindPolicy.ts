import type { Scope } from './crdScopes';

/** A kind by API group ('' is the core group) and name; either may be `*`, meaning any. @public */
export interface KindPattern {
  /** The API group; '' is the core group, `*` any group. */
  group: string;
  /** The kind; `*` any kind. */
  kind: string;
}

/** A kind passes when some `allow` pattern matches it and no `deny` pattern does. @public */
export interface KindRules {
  /** Kinds that may be written. */
  allow: KindPattern[];
  /** Kinds that may not, whatever `allow` says. */
  deny: KindPattern[];
}

/** The kinds an application may write, per scope, and who decided them (named in refusals). @public */
export interface KindPolicy {
  /** For messages, e.g. `project 'shop'`. */
  decidedBy: string;
  /** Rules for cluster-scoped kinds (a Namespace object counts as one). */
  clusterScoped: KindRules;
  /** Rules for namespaced kinds. */
  namespaced: KindRules;
}

const matches = (p: KindPattern, group: string, kind: string) =>
  (p.group === '*' || p.group === group) && (p.kind === '*' || p.kind === kind);

/** `Kind` for the core group, `group/Kind` otherwise: how messages name kinds and patterns. @public */
export function formatKind({ group, kind }: KindPattern): string {
  return group ? `${group}/${kind}` : kind;
}

/** Why `policy` refuses an object of this group, kind and scope; undefined when it may be written. @public */
export function kindProblem(
  policy: KindPolicy,
  group: string,
  kind: string,
  scope: Scope,
): string | undefined {
  const rules = scope === 'Cluster' ? policy.clusterScoped : policy.namespaced;
  const scopeName = scope === 'Cluster' ? 'cluster-scoped' : 'namespaced';
  const name = formatKind({ group, kind });
  const denied = rules.deny.find(p => matches(p, group, kind));
  if (denied)
    return `${scopeName} kind ${name} is denied by ${
      policy.decidedBy
    } (rule ${formatKind(denied)})`;
  if (!rules.allow.some(p => matches(p, group, kind)))
    return `${scopeName} kind ${name} is not allowed by ${
      policy.decidedBy
    } (allowed: ${rules.allow.map(formatKind).join(', ') || 'none'})`;
  return undefined;
}
