import type { KubeObject } from './merge';

export type { KubeObject };

/** Where a CRD (or a built-in kind) keeps its replica counts for the scale subresource. */
export interface ScaleSubresource {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

/** One served resource: a (group, version, plural) triple and everything discovery says about it. */
export interface ResourceType {
  group: string;
  version: string;
  kind: string;
  listKind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  verbs: string[];
  statusSubresource: boolean;
  scale?: ScaleSubresource;
  /** Whether metadata.generation is maintained (the API server does so only for some kinds). */
  tracksGeneration: boolean;
  /** Registered from a CustomResourceDefinition rather than built in. */
  custom: boolean;
}

export type Verb =
  | 'get'
  | 'list'
  | 'watch'
  | 'create'
  | 'update'
  | 'patch'
  | 'apply'
  | 'delete'
  | 'deletecollection';

export interface RequestLogEntry {
  time: string;
  verb: Verb;
  method: string;
  path: string;
  query: Record<string, string>;
  group: string;
  version: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
  dryRun: boolean;
  fieldManager?: string;
  /** HTTP status; 0 when the connection was reset by an injected fault. */
  status: number;
}

export const apiVersionOf = (t: { group: string; version: string }) =>
  t.group ? `${t.group}/${t.version}` : t.version;

/** Storage is shared by all versions of a resource, as in etcd (/registry/<group>/<plural>). */
export const storageKeyOf = (t: { group: string; plural: string }) =>
  `${t.group}/${t.plural}`;

export const splitApiVersion = (apiVersion: string) => {
  const i = apiVersion.indexOf('/');
  return i < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
};

export const clone = <T>(value: T): T => structuredClone(value);
