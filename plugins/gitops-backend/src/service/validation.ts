import {
  AppSyncStatus,
  HealthStatus,
} from '@backstage-gitops/plugin-gitops-common';
import { InputError } from '@backstage/errors';
import { z } from 'zod';

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

/** An empty query value (`?cluster=`) means "no filter", not "match the empty string". */
const optionalText = (max: number) =>
  z.preprocess(
    value => (value === '' ? undefined : value),
    z.string().max(max).optional(),
  );

const pagingShape = {
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(DEFAULT_LIMIT),
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
