/**
 * Status error bodies exactly as the API server returns them.
 * api-concepts / API conventions: "Response Status Kind" — kind Status, apiVersion v1,
 * empty metadata, status Failure, message, reason, details, code. `details.kind` is the
 * resource (plural) for NotFound/AlreadyExists/Conflict and the Kind for Invalid, and an
 * empty group is omitted, matching the server's use of qualified resources.
 */

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: Array<{ reason?: string; message?: string; field?: string }>;
  retryAfterSeconds?: number;
}

export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

export function statusBody(
  code: number,
  reason: string,
  message: string,
  details?: StatusDetails,
): StatusBody {
  // Same key order as the API server's JSON.
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details: compactDetails(details) } : {}),
    code,
  };
}

function compactDetails(d: StatusDetails): StatusDetails {
  const out: StatusDetails = {};
  for (const [k, v] of Object.entries(d)) {
    if (v !== undefined && v !== '') (out as any)[k] = v;
  }
  return out;
}

/** Thrown anywhere below the HTTP layer; the server turns it into the Status response. */
export class KubeError extends Error {
  constructor(
    readonly body: object & { code: number },
    readonly headers: Record<string, string> = {},
  ) {
    super((body as { message?: string }).message ?? 'error');
  }
  get code() {
    return this.body.code;
  }
}

/** A resource as the server names it in messages: "deployments.apps" or "configmaps". */
export interface QualifiedResource {
  group: string;
  plural: string;
}
const qualified = (r: QualifiedResource) =>
  r.group ? `${r.plural}.${r.group}` : r.plural;

export const notFound = (r: QualifiedResource, name: string) =>
  new KubeError(
    statusBody(404, 'NotFound', `${qualified(r)} "${name}" not found`, {
      name,
      group: r.group,
      kind: r.plural,
    }),
  );

/** The bare 404 for paths that name no served resource. */
export const pathNotFound = () =>
  new KubeError(
    statusBody(
      404,
      'NotFound',
      'the server could not find the requested resource',
      {},
    ),
  );

export const alreadyExists = (r: QualifiedResource, name: string) =>
  new KubeError(
    statusBody(
      409,
      'AlreadyExists',
      `${qualified(r)} "${name}" already exists`,
      {
        name,
        group: r.group,
        kind: r.plural,
      },
    ),
  );

export const conflict = (r: QualifiedResource, name: string, why: string) =>
  new KubeError(
    statusBody(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${qualified(r)} "${name}": ${why}`,
      { name, group: r.group, kind: r.plural },
    ),
  );

export const staleResourceVersion = (r: QualifiedResource, name: string) =>
  conflict(
    r,
    name,
    'the object has been modified; please apply your changes to the latest version and try again',
  );

export interface FieldCause {
  field: string;
  message: string;
  reason?: string;
}

/** 422: `Kind.group "name" is invalid: field: message, ...` */
export const invalid = (
  kind: string,
  group: string,
  name: string,
  causes: FieldCause[],
) => {
  const qualifiedKind = group ? `${kind}.${group}` : kind;
  const text = causes.map(c => `${c.field}: ${c.message}`);
  const joined = text.length === 1 ? text[0] : `[${text.join(', ')}]`;
  return new KubeError(
    statusBody(
      422,
      'Invalid',
      `${qualifiedKind} "${name}" is invalid: ${joined}`,
      {
        name,
        group,
        kind,
        causes: causes.map(c => ({
          reason: c.reason ?? 'FieldValueInvalid',
          message: c.message,
          field: c.field,
        })),
      },
    ),
  );
};

export const badRequest = (message: string) =>
  new KubeError(statusBody(400, 'BadRequest', message));

export const forbidden = (r: QualifiedResource, name: string, why: string) =>
  new KubeError(
    statusBody(
      403,
      'Forbidden',
      `${qualified(r)} "${name}" is forbidden: ${why}`,
      {
        name,
        group: r.group,
        kind: r.plural,
      },
    ),
  );

export const methodNotAllowed = () =>
  new KubeError(
    statusBody(
      405,
      'MethodNotAllowed',
      'the server does not allow this method on the requested resource',
      {},
    ),
  );

export const unsupportedMediaType = (accepted: string[]) =>
  new KubeError(
    statusBody(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: ${accepted.join(
        ', ',
      )}`,
    ),
  );

export const notAcceptable = (accepted: string[]) =>
  new KubeError(
    statusBody(
      406,
      'NotAcceptable',
      `only the following media types are accepted: ${accepted.join(', ')}`,
    ),
  );

export const unauthorized = () =>
  new KubeError(statusBody(401, 'Unauthorized', 'Unauthorized'));

export const tooManyRequests = (retryAfterSeconds: number) =>
  new KubeError(
    statusBody(
      429,
      'TooManyRequests',
      'Too many requests, please try again later.',
      {
        retryAfterSeconds,
      },
    ),
    { 'Retry-After': String(retryAfterSeconds) },
  );

export const internalError = (message: string) =>
  new KubeError(
    statusBody(500, 'InternalError', `Internal error occurred: ${message}`, {
      causes: [{ message }],
    }),
  );

/** api-concepts: "Efficient detection of changes" → 410 Gone when history is compacted. */
export const expired = (message: string) =>
  new KubeError(statusBody(410, 'Expired', message));

export const requestEntityTooLarge = () =>
  new KubeError(
    statusBody(413, 'RequestEntityTooLarge', 'Request entity too large'),
  );
