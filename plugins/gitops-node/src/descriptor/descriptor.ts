import {
  ApplicationSpec,
  DESCRIPTOR_FILE,
  IgnoreRule,
} from '@backstage-gitops/plugin-gitops-common';
import { parseDocument } from 'yaml';
import { z } from 'zod';

/**
 * The repository descriptor (`gitops.yaml`, version `gitops.backstage.io/v1alpha1`): the environments
 * a config repository deploys, so application definitions are versioned in Git with the manifests.
 *
 * ```yaml
 * apiVersion: gitops.backstage.io/v1alpha1
 * kind: Environments
 * environments:
 *   - name: dev
 *     path: overlays/dev          # folder inside the repository (plain YAML or Kustomize)
 *     cluster: local              # a cluster name from the portal's config
 *     namespace: shop-dev         # default namespace; always allowed
 *     allowedNamespaces: []       # more namespaces objects may target
 *     allowClusterScoped: false
 *     ref: main                   # optional: defaults to the annotation's ref
 *     interval: 3m                # reconcile (drift check) interval
 *     policy: { automated: true, selfHeal: true, prune: true }
 *     adoptExisting: false        # take over live objects no application owns
 *     ignoreDifferences:
 *       - kind: Deployment
 *         jsonPointers: [/spec/replicas]
 * ```
 */
const DURATION = /^(\d+)(s|m|h)$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

const relativePath = z
  .string()
  .default('.')
  .refine(
    p => !p.startsWith('/') && !p.split(/[\\/]/).includes('..'),
    'must be a relative path inside the repository (no "..")',
  );

const environmentSchema = z
  .object({
    name: z.string().regex(DNS_LABEL, 'must be a lowercase DNS label'),
    path: relativePath,
    cluster: z.string().min(1),
    namespace: z.string().regex(DNS_LABEL, 'must be a lowercase DNS label'),
    allowedNamespaces: z
      .array(z.string().regex(DNS_LABEL, 'must be a lowercase DNS label'))
      .default([]),
    allowClusterScoped: z.boolean().default(false),
    ref: z.string().min(1).optional(),
    interval: z
      .string()
      .regex(DURATION, 'must be a duration like 30s, 3m or 1h')
      .default('3m'),
    policy: z
      .object({
        automated: z.boolean().default(true),
        selfHeal: z.boolean().default(true),
        prune: z.boolean().default(true),
        retry: z
          .object({
            limit: z.number().int().min(0).default(10),
            initialBackoff: z.string().regex(DURATION).default('5s'),
            maxBackoff: z.string().regex(DURATION).default('5m'),
          })
          .strict()
          .default({}),
      })
      .strict()
      .default({}),
    adoptExisting: z.boolean().default(false),
    ignoreDifferences: z
      .array(
        z
          .object({
            group: z.string().optional(),
            kind: z.string().optional(),
            name: z.string().optional(),
            jsonPointers: z
              .array(
                z
                  .string()
                  .regex(
                    /^(\/[^/]*)+$/,
                    'must be a JSON pointer like /spec/replicas',
                  ),
              )
              .min(1),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

const descriptorSchema = z
  .object({
    apiVersion: z.literal('gitops.backstage.io/v1alpha1'),
    kind: z.literal('Environments'),
    environments: z.array(environmentSchema).min(1, 'declares no environment'),
  })
  .strict()
  .superRefine((d, ctx) => {
    const seen = new Set<string>();
    d.environments.forEach((e, i) => {
      if (seen.has(e.name))
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['environments', i, 'name'],
          message: `duplicate environment '${e.name}'`,
        });
      seen.add(e.name);
    });
  });

/**
 * A parsed repository descriptor (`gitops.yaml`), defaults filled in. Written out rather than
 * inferred from the schema so the published types do not carry zod's; `parseDescriptor` returns
 * the schema's output as this type, so the compiler refuses a field the schema does not produce.
 * @public
 */
export interface RepositoryDescriptor {
  /** Descriptor format version. */
  apiVersion: 'gitops.backstage.io/v1alpha1';
  /** Always `Environments`. */
  kind: 'Environments';
  /** The environments the repository deploys, at least one, names unique. */
  environments: EnvironmentDescriptor[];
}

/** One environment of a repository descriptor, defaults filled in. @public */
export interface EnvironmentDescriptor {
  /** Environment name: a lowercase DNS label. */
  name: string;
  /** Folder of the manifests relative to the descriptor's folder (plain YAML or Kustomize); default `.`. */
  path: string;
  /** A cluster name from the portal's config. */
  cluster: string;
  /** Default namespace of the environment's objects; always allowed. */
  namespace: string;
  /** More namespaces objects may target; default none. */
  allowedNamespaces: string[];
  /** Whether cluster-scoped objects may be applied; default false. */
  allowClusterScoped: boolean;
  /** Branch, tag or commit to deploy; default: the ref the catalog annotation names. */
  ref?: string;
  /** Reconcile (drift check) interval such as `30s`, `3m` or `1h`; default `3m`. */
  interval: string;
  /** Sync policy: each switch defaults to true; retries default to 10, backing off from `5s` to `5m`. */
  policy: {
    automated: boolean;
    selfHeal: boolean;
    prune: boolean;
    retry: { limit: number; initialBackoff: string; maxBackoff: string };
  };
  /** Take over live objects that no application owns; default false. */
  adoptExisting: boolean;
  /** Fields owned by other controllers, left out of the comparison. */
  ignoreDifferences: IgnoreRule[];
}

/** A descriptor that is not valid YAML or does not match the format; the message names the file and every bad field. @public */
export class DescriptorError extends Error {
  /** Always `DescriptorError`. */
  name = 'DescriptorError';
}

/** Seconds of a duration in the descriptor's format (`30s`, `3m`, `1h`); the value must already match it. @public */
export function durationSeconds(value: string): number {
  const [, amount, unit] = DURATION.exec(value)!;
  return Number(amount) * { s: 1, m: 60, h: 3600 }[unit as 's' | 'm' | 'h'];
}

function formatIssue(issue: z.ZodIssue): string {
  const path = issue.path.reduce<string>((acc, part) => {
    if (typeof part === 'number') return `${acc}[${part}]`;
    return acc ? `${acc}.${part}` : String(part);
  }, '');
  return `${path || '(root)'}: ${issue.message}`;
}

function toJsSafely(
  document: ReturnType<typeof parseDocument>,
  file: string,
): unknown {
  try {
    return document.toJS({ maxAliasCount: 50 });
  } catch (error) {
    throw new DescriptorError(
      `${file}: ${error instanceof Error ? error.message : error}`,
    );
  }
}

/** Parses and validates a descriptor; errors name the file and every bad field. @public */
export function parseDescriptor(
  text: string,
  file = DESCRIPTOR_FILE,
): RepositoryDescriptor {
  const document = parseDocument(text, { prettyErrors: false });
  if (document.errors.length > 0)
    throw new DescriptorError(
      `${file}: invalid YAML: ${document.errors[0].message}`,
    );
  const result = descriptorSchema.safeParse(toJsSafely(document, file));
  if (!result.success)
    throw new DescriptorError(
      `${file}: ${result.error.issues.map(formatIssue).join('; ')}`,
    );
  return result.data;
}

/**
 * One application per environment of an entity's config repository, as the descriptor asks for
 * it: its project (decided by the platform, not the repository) is filled in at admission.
 * @public
 */
export function applicationsFromDescriptor(
  descriptor: RepositoryDescriptor,
  source: {
    entityRef: string;
    repoUrl: string;
    ref: string;
    basePath: string;
    environments?: string[];
  },
): Array<Omit<ApplicationSpec, 'project' | 'impersonate'>> {
  return descriptor.environments
    .filter(e => !source.environments || source.environments.includes(e.name))
    .map(e => ({
      id: `${source.entityRef}#${e.name}`,
      environment: e.name,
      entityRef: source.entityRef,
      origin: 'catalog' as const,
      source: {
        repoUrl: source.repoUrl,
        ref: e.ref ?? source.ref,
        path: joinPath(source.basePath, e.path),
      },
      destination: {
        cluster: e.cluster,
        namespace: e.namespace,
        allowedNamespaces: [...new Set([e.namespace, ...e.allowedNamespaces])],
        allowClusterScoped: e.allowClusterScoped,
      },
      policy: {
        automated: e.policy.automated,
        selfHeal: e.policy.selfHeal,
        prune: e.policy.prune,
        suspended: false,
        retry: {
          limit: e.policy.retry.limit,
          initialBackoffSeconds: durationSeconds(e.policy.retry.initialBackoff),
          maxBackoffSeconds: durationSeconds(e.policy.retry.maxBackoff),
        },
      },
      intervalSeconds: durationSeconds(e.interval),
      ignoreDifferences: e.ignoreDifferences,
      // absent when off, so the specs (and hashes) of existing applications stay what they were
      ...(e.adoptExisting ? { adoptExisting: true } : {}),
    }));
}

function joinPath(base: string, path: string): string {
  const parts = [...base.split('/'), ...path.split('/')].filter(
    p => p && p !== '.',
  );
  return parts.length ? parts.join('/') : '.';
}
