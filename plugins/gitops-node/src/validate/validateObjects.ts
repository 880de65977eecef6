import { syncWaveProblem } from '../objects/waves';
import type { KubeObject, RenderedObject } from '../objects/objects';
import {
  formatResourceKey,
  groupOf,
  resourceKey,
  versionOf,
} from '../objects/objects';
import { crdDefinitions, CrdDefinition, Scope } from './crdScopes';
import { ValidationError, ValidationProblem } from './errors';
import { KindPolicy, kindProblem } from './kindPolicy';
import { isDnsLabel, nameProblem } from './names';

/** Where an application's objects may go (from its destination). @public */
export interface NamespacePolicy {
  /** Default namespace for namespaced objects that name none. */
  namespace: string;
  /** Namespaces the application may write to (always includes `namespace`). */
  allowedNamespaces: string[];
  /** Whether cluster-scoped objects (ClusterRole, CRD, …) may be applied. */
  allowClusterScoped: boolean;
  /** The kinds the application's project lets it write; checked for every object, Namespaces too. */
  kinds?: KindPolicy;
}

/** How the cluster serves a kind; undefined when the cluster does not know it. @public */
export type ScopeLookup = (
  apiVersion: string,
  kind: string,
) => Scope | undefined;

type Problem = (problem: string) => void;

/**
 * Checks a rendered set against the application's policy and returns defaulted copies
 * (namespace filled in, namespace stripped from cluster-scoped objects). Collects every
 * problem before throwing a single ValidationError; the input is never mutated.
 * @public
 */
export function validateObjects(
  objects: RenderedObject[],
  policy: NamespacePolicy,
  scope: ScopeLookup,
): RenderedObject[] {
  const problems: ValidationProblem[] = [];
  const allowed = new Set([policy.namespace, ...policy.allowedNamespaces]);
  const crds = crdDefinitions(
    objects.map(o => o.object).filter(o => typeof o?.kind === 'string'),
  );
  const seen = new Map<string, string>();
  const out: RenderedObject[] = [];

  for (const rendered of objects) {
    const obj = rendered.object as unknown;
    const shape = shapeProblems(obj);
    const meta = isRecord(obj) && isRecord(obj.metadata) ? obj.metadata : {};
    const base: ValidationProblem = {
      source: rendered.source,
      kind:
        isRecord(obj) && typeof obj.kind === 'string' ? obj.kind : undefined,
      name: typeof meta.name === 'string' && meta.name ? meta.name : undefined,
      namespace:
        typeof meta.namespace === 'string' ? meta.namespace : undefined,
      problem: '',
    };
    if (shape.length > 0) {
      shape.forEach(problem => problems.push({ ...base, problem }));
      continue;
    }
    const copy = structuredClone(rendered.object);
    // Reported once the namespace is final, so messages name where it would land.
    const found: string[] = [];
    const report: Problem = problem => found.push(problem);
    const group = groupOf(copy.apiVersion);
    const invalidName = nameProblem(group, copy.kind, copy.metadata.name);
    if (invalidName) report(invalidName);

    const objectScope = resolveScope(copy, scope, crds, report);
    const refusedKind =
      policy.kinds && objectScope
        ? kindProblem(policy.kinds, group, copy.kind, objectScope)
        : undefined;
    if (refusedKind) report(refusedKind);
    if (objectScope === 'Namespaced') {
      applyNamespacePolicy(copy, policy.namespace, allowed, report);
    } else if (objectScope === 'Cluster') {
      // The API server clears metadata.namespace of cluster-scoped objects on create and
      // update (apiserver registry/rest: BeforeCreate), and kubectl does not object;
      // we strip it the same way so diffs compare like with like.
      delete copy.metadata.namespace;
      const isAllowedNamespace =
        group === '' &&
        copy.kind === 'Namespace' &&
        allowed.has(copy.metadata.name);
      if (!policy.allowClusterScoped && !isAllowedNamespace && !refusedKind) {
        report(
          copy.kind === 'Namespace'
            ? `namespace "${
                copy.metadata.name
              }" is not one of the application's allowed namespaces (${[
                ...allowed,
              ].join(', ')})`
            : `cluster-scoped ${copy.kind} objects are not allowed for this application`,
        );
      }
    }

    const waveProblem = syncWaveProblem(copy);
    if (waveProblem) report(waveProblem);

    const key = formatResourceKey(resourceKey(copy));
    const first = seen.get(key);
    if (first !== undefined) {
      report(`duplicate of the object from ${first}`);
    } else {
      seen.set(key, rendered.source);
    }
    for (const problem of found) {
      problems.push({ ...base, namespace: copy.metadata.namespace, problem });
    }
    out.push({ object: copy, source: rendered.source });
  }
  if (problems.length > 0) throw new ValidationError(problems);
  return out;
}

function shapeProblems(obj: unknown): string[] {
  if (!isRecord(obj)) return ['not an object'];
  const problems: string[] = [];
  if (typeof obj.apiVersion !== 'string' || obj.apiVersion === '') {
    problems.push('apiVersion is missing or not a string');
  }
  if (typeof obj.kind !== 'string' || obj.kind === '') {
    problems.push('kind is missing or not a string');
  }
  if (!isRecord(obj.metadata)) {
    problems.push('metadata is missing or not a mapping');
    return problems;
  }
  const { name, generateName, namespace, labels, annotations } = obj.metadata;
  if (typeof name !== 'string' || name === '') {
    problems.push(
      generateName !== undefined
        ? 'metadata.generateName is not supported; set metadata.name so the object can be tracked across syncs'
        : 'metadata.name is missing or not a string',
    );
  }
  if (namespace !== undefined && typeof namespace !== 'string') {
    problems.push('metadata.namespace is not a string');
  }
  for (const [field, map] of [
    ['labels', labels],
    ['annotations', annotations],
  ] as const) {
    if (map === undefined || map === null) continue;
    if (!isRecord(map) || Object.values(map).some(v => typeof v !== 'string')) {
      problems.push(
        `metadata.${field} must map strings to strings (quote numbers and booleans)`,
      );
    }
  }
  return problems;
}

function resolveScope(
  obj: KubeObject,
  lookup: ScopeLookup,
  crds: Map<string, CrdDefinition>,
  report: Problem,
): Scope | undefined {
  const known = lookup(obj.apiVersion, obj.kind);
  if (known) return known;
  const group = groupOf(obj.apiVersion);
  const crd = crds.get(`${group}/${obj.kind}`);
  if (!crd) {
    report(
      `unknown kind: the cluster does not serve ${obj.kind} in ${obj.apiVersion}, and no CustomResourceDefinition in this application defines it`,
    );
    return undefined;
  }
  const version = versionOf(obj.apiVersion);
  if (crd.versions.length > 0 && !crd.versions.includes(version)) {
    report(
      `version ${version} is not defined by the CustomResourceDefinition for ${group}/${
        obj.kind
      } (defined: ${crd.versions.join(', ')})`,
    );
  }
  return crd.scope;
}

function applyNamespacePolicy(
  obj: KubeObject,
  defaultNamespace: string,
  allowed: Set<string>,
  report: Problem,
): void {
  if (!obj.metadata.namespace) obj.metadata.namespace = defaultNamespace;
  const ns = obj.metadata.namespace;
  if (!isDnsLabel(ns)) {
    report(`metadata.namespace "${ns}" is not a valid namespace name`);
  } else if (!allowed.has(ns)) {
    report(
      `namespace "${ns}" is not allowed for this application (allowed: ${[
        ...allowed,
      ].join(', ')})`,
    );
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
