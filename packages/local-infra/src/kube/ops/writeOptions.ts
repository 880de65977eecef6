import { badRequest } from '../status';
import { apiVersionOf, clone, KubeObject, ResourceType } from '../types';
import { isPlainObject } from '../objectUtil';

export interface WriteOptions {
  /** dryRun=All: validate and compute, persist nothing. */
  dryRun: boolean;
  fieldManager?: string;
  userAgent?: string;
  force?: boolean;
  /** Internal writers (bootstrap, tests) may keep a status on create. */
  keepStatus?: boolean;
}

/**
 * The manager recorded in managedFields for a non-apply write: the fieldManager parameter, or the
 * user-agent up to its first "/" (api-concepts: "Server-Side Apply" → "Using Server-Side Apply in a controller").
 */
export function managerName(opts: WriteOptions): string {
  if (opts.fieldManager) return opts.fieldManager;
  const prefix = (opts.userAgent ?? '')
    .split('/')[0]
    .replace(/[^\x20-\x7e]/g, '')
    .slice(0, 128);
  return prefix || 'unknown';
}

/** Body checks every write does before anything else (API version, kind, namespace and name must agree with the URL). */
export function checkBody(
  type: ResourceType,
  body: unknown,
  urlNs: string | undefined,
  urlName?: string,
): KubeObject {
  if (!isPlainObject(body))
    throw badRequest('the body of the request was not a valid object');
  const obj = clone(body) as KubeObject;
  const expected = apiVersionOf(type);
  if (obj.apiVersion && obj.apiVersion !== expected) {
    throw badRequest(
      `the API version in the data (${obj.apiVersion}) does not match the expected API version (${expected})`,
    );
  }
  if (obj.kind && obj.kind !== type.kind) {
    throw badRequest(
      `the kind in the data (${obj.kind}) does not match the expected kind (${type.kind})`,
    );
  }
  obj.apiVersion = expected;
  obj.kind = type.kind;
  if (!isPlainObject(obj.metadata)) obj.metadata = {};
  if (type.namespaced) {
    if (obj.metadata.namespace && urlNs && obj.metadata.namespace !== urlNs) {
      throw badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    obj.metadata.namespace = urlNs ?? obj.metadata.namespace;
  } else {
    delete obj.metadata.namespace;
  }
  if (urlName !== undefined) {
    if (obj.metadata.name && obj.metadata.name !== urlName) {
      throw badRequest(
        `the name of the object (${obj.metadata.name}) does not match the name on the URL (${urlName})`,
      );
    }
    obj.metadata.name = urlName;
  }
  return obj;
}
