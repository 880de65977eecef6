import { Impersonation } from '@backstage-gitops/plugin-gitops-common';

const SERVICE_ACCOUNT_USER = /^system:serviceaccount:([^:]+):([^:]+)$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** The identity of a ServiceAccount, as the API server authenticates its tokens. */
export function serviceAccountIdentity(
  namespace: string,
  name: string,
): Impersonation {
  if (!DNS_LABEL.test(namespace) || namespace.length > 63)
    throw new Error(
      `ServiceAccount namespace '${namespace}' is not a DNS label`,
    );
  if (!DNS_SUBDOMAIN.test(name) || name.length > 253)
    throw new Error(`ServiceAccount name '${name}' is not a DNS subdomain`);
  return {
    user: `system:serviceaccount:${namespace}:${name}`,
    groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`],
  };
}

/**
 * Checks an identity from configuration. A header value cannot hold a line break, and an empty
 * user would impersonate nobody: both are refused, naming the field.
 */
export function checkImpersonation(value: unknown): Impersonation {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error('must be an object { user, groups }');
  const { user, groups = [], ...unknown } = value as Record<string, unknown>;
  const printable = (s: unknown): s is string =>
    typeof s === 'string' && s.trim() !== '' && !/[\r\n\0]/.test(s);
  if (Object.keys(unknown).length > 0)
    throw new Error(`unknown field ${Object.keys(unknown)[0]}`);
  if (!printable(user)) throw new Error('user must be a non-empty string');
  if (!Array.isArray(groups) || !groups.every(printable))
    throw new Error('groups must be a list of non-empty strings');
  return { user, groups: [...groups] };
}

/** "serviceaccount shop/deployer", or "user alice (groups: dev, ops)", for messages. */
export function describeIdentity(identity: Impersonation | undefined): string {
  if (!identity) return "the portal's own cluster credentials";
  const account = SERVICE_ACCOUNT_USER.exec(identity.user);
  if (account) return `serviceaccount ${account[1]}/${account[2]}`;
  return identity.groups.length
    ? `user ${identity.user} (groups: ${identity.groups.join(', ')})`
    : `user ${identity.user}`;
}

/** HTTP headers of an impersonated request: one `Impersonate-Group` per group. */
export function impersonationHeaders(
  identity: Impersonation | undefined,
): Record<string, string | string[]> {
  if (!identity) return {};
  return identity.groups.length
    ? {
        'impersonate-user': identity.user,
        'impersonate-group': identity.groups,
      }
    : { 'impersonate-user': identity.user };
}

/** What a refused request wanted: the RBAC verb, the resource, and where. */
export interface ForbiddenRequest {
  /** The verb the engine meant (get, list, patch, delete); the server's own verb wins when it names one. */
  verb: string;
  /** `deployments.apps`, `configmaps` */
  resource: string;
  name?: string;
  namespace?: string;
  /** The API server's Status message. */
  serverMessage: string;
}

/**
 * The sentence a 403 becomes: who may not do what to which object. The server's message names
 * the RBAC verb it checked (a server-side apply that creates an object is checked as "patch", then
 * as "create"), so that verb is the one reported when the message has it.
 */
export function forbiddenMessage(
  identity: Impersonation | undefined,
  request: ForbiddenRequest,
): string {
  const verb =
    /\bcannot (\w+) resource\b/.exec(request.serverMessage)?.[1] ??
    request.verb;
  // the impersonation filter refused the portal itself, before any rule of the tenant was looked at
  if (identity && verb === 'impersonate')
    return `the portal's own cluster credentials may not impersonate ${describeIdentity(
      identity,
    )} (grant them the verb impersonate on users, groups and serviceaccounts): ${
      request.serverMessage
    }`;
  const what = request.name
    ? `${request.resource} "${request.name}"`
    : request.resource;
  const where = request.namespace
    ? `in namespace ${request.namespace}`
    : 'at the cluster scope';
  return `${describeIdentity(
    identity,
  )} may not ${verb} ${what} ${where} (forbidden by the cluster's RBAC)`;
}
