import {
  AppSyncStatus,
  HealthStatus,
} from '@backstage-gitops/plugin-gitops-common';
import { InputError } from '@backstage/errors';
import { RequestHandler } from 'express';
import { z } from 'zod';
import { UnsupportedMediaTypeError } from './errorHandler';

/** Every sync status, in display order; also the keys of StatusCounts.syncStatus. */
export const APP_SYNC_STATUSES = [
  'Synced',
  'OutOfSync',
  'Syncing',
  'Failed',
  'Suspended',
  'Unknown',
] as const satisfies readonly AppSyncStatus[];
/** Every health status; also the keys of StatusCounts.health. */
export const HEALTH_STATUSES = [
  'Healthy',
  'Progressing',
  'Degraded',
  'Suspended',
  'Missing',
  'Unknown',
] as const satisfies readonly HealthStatus[];
const ORDER_BY = [
  'id',
  'entityRef',
  'environment',
  'cluster',
  'namespace',
  'syncStatus',
  'health',
  'lastSyncAt',
] as const;

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;
/** Far past any real listing; a larger offset is a mistake (or a probe), not a page. */
export const MAX_OFFSET = 1_000_000;

/** An empty query value (`?cluster=`) means "no filter", not "match the empty string". */
const optionalText = (max: number) =>
  z.preprocess(
    value => (value === '' ? undefined : value),
    z.string().max(max).optional(),
  );

/**
 * A query parameter holding a whole number in decimal digits. `Number()` alone would read `1e23`,
 * `0x10`, ` 5` and `1.0` as numbers; only digits (and a sign, so a negative value is refused for
 * its range) are read, and anything else is refused with the field's name.
 */
const wholeNumberParameter = (min: number, max: number, fallback: number) =>
  z
    .preprocess(
      value =>
        typeof value === 'string' && /^-?\d{1,300}$/.test(value)
          ? Number(value)
          : value,
      z
        .number({
          invalid_type_error: 'must be a whole number in decimal digits',
        })
        .int()
        .min(min)
        .max(max),
    )
    .default(fallback);

const pagingShape = {
  offset: wholeNumberParameter(0, MAX_OFFSET, 0),
  limit: wholeNumberParameter(1, MAX_LIMIT, DEFAULT_LIMIT),
};

const filterShape = {
  entityRef: optionalText(512),
  owner: optionalText(512),
  cluster: optionalText(253),
  namespace: optionalText(253),
  syncStatus: z.enum(APP_SYNC_STATUSES).optional(),
  health: z.enum(HEALTH_STATUSES).optional(),
  q: optionalText(200),
};

// Unknown query parameters are refused so a misspelt filter (`?status=`) cannot silently match everything.
export const listQuerySchema = z
  .object({
    ...filterShape,
    orderBy: z.enum(ORDER_BY).optional(),
    order: z.enum(['asc', 'desc']).optional(),
    ...pagingShape,
  })
  .strict();

export const countsQuerySchema = z.object(filterShape).strict();

export const pageQuerySchema = z.object(pagingShape).strict();

/**
 * A Git revision: a full commit SHA or a ref name. The character set is a conservative subset of
 * git-check-ref-format: no `..`, no `@{`, no whitespace or control characters, and never a leading
 * `-` so a revision can never be read as a command-line option.
 */
const REF_PATTERN =
  /^(?!-)(?!.*\.\.)(?!.*\/\/)(?!.*\/$)(?!.*\.lock$)(?!.*\.$)[A-Za-z0-9._\/+-]+$/;
export const revisionSchema = z
  .string()
  .min(1)
  .max(255)
  .refine(value => /^[0-9a-f]{40}$/i.test(value) || REF_PATTERN.test(value), {
    message: 'must be a 40-character commit SHA or a valid Git ref name',
  });

const resourceSelectorSchema = z
  .object({
    group: z.string().max(253).optional(),
    kind: z.string().min(1).max(63),
    namespace: z.string().max(63).optional(),
    name: z.string().min(1).max(253),
  })
  .strict();

export const syncBodySchema = z
  .object({
    revision: revisionSchema.optional(),
    resources: z.array(resourceSelectorSchema).max(500).optional(),
  })
  .strict();

export const pinBodySchema = z.object({ revision: revisionSchema }).strict();

/** Actions that take no input still refuse a body with fields, so a mistaken client hears about it. */
export const emptyBodySchema = z.object({}).strict();
/** For routes without query parameters. */
export const emptyQuerySchema = z.object({}).strict();

export const applicationIdSchema = z.object({
  id: z.string().min(1).max(1024),
});
export const historyEntrySchema = z.object({
  id: z.string().min(1).max(1024),
  syncId: z.string().min(1).max(255),
});
export const entityPathSchema = z.object({
  kind: z.string().min(1).max(63),
  namespace: z.string().min(1).max(63),
  name: z.string().min(1).max(253),
});

/**
 * Parses `value` or throws an InputError (400) whose message names each bad field, e.g.
 * `limit: Number must be less than or equal to 500`.
 */
export function parseInput<S extends z.ZodTypeAny>(
  schema: S,
  value: unknown,
  what: 'query' | 'body' | 'path',
): z.output<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const message = result.error.issues
    .map(
      issue =>
        `${issue.path.length ? issue.path.join('.') : what}: ${issue.message}`,
    )
    .join('; ');
  throw new InputError(message);
}

function decodes(segment: string): boolean {
  try {
    decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

/**
 * The parameter that segment `index` of a request path fills, found in the first route template
 * (`/applications/:id/history`) whose literal segments match; undefined when none matches.
 */
export function parameterAt(
  templates: string[],
  segments: string[],
  index: number,
): string | undefined {
  for (const template of templates) {
    const parts = template.split('/');
    if (parts.length !== segments.length) continue;
    const fits = parts.every(
      (part, i) => part.startsWith(':') || i === index || part === segments[i],
    );
    if (fits && parts[index].startsWith(':')) return parts[index].slice(1);
  }
  return undefined;
}

/**
 * Express decodes path parameters before any handler runs, and answers a malformed
 * percent-encoding (`/applications/%ZZ`) with an error that would surface as a 500. This runs
 * first and refuses it with 400, naming the parameter of the route the path was meant for.
 */
export function refuseMalformedPath(
  routeTemplates: () => string[],
): RequestHandler {
  return (req, _res, next) => {
    const segments = req.path.split('/');
    const bad = segments.findIndex(segment => !decodes(segment));
    if (bad < 0) {
      next();
      return;
    }
    const name = parameterAt(routeTemplates(), segments, bad) ?? 'path';
    throw new InputError(
      `${name}: malformed percent-encoding (a '%' must be followed by two hex digits of UTF-8)`,
    );
  };
}

/** A body is present when it has bytes: `Content-Length: 0` (curl -d '') is no body. */
function hasBody(req: Parameters<RequestHandler>[0]): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = Number(req.headers['content-length'] ?? 0);
  return Number.isFinite(length) && length > 0;
}

/**
 * Routes that take a body read JSON only. A body of another type would otherwise be skipped by
 * the JSON parser and the request served as if it had none (a sync of the default ref).
 */
export const requireJsonBody: RequestHandler = (req, _res, next) => {
  if (req.method === 'POST' && hasBody(req) && !req.is('application/json')) {
    const received = (req.get('content-type') ?? 'none').slice(0, 100);
    throw new UnsupportedMediaTypeError(
      `Content-Type: expected application/json, received ${received}`,
    );
  }
  next();
};
