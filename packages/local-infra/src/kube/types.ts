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
  /** The `Impersonate-User` the request carried: whose RBAC rights the API server applied. */
  impersonatedUser?: string;
}
