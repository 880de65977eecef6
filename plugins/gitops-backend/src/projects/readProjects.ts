import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { serviceAccountIdentity } from '../engine/cluster/identity';
import { Config } from '@backstage/config';
import { z } from 'zod';
import type { KindRules } from '@backstage-gitops/plugin-gitops-node';
import { DEFAULT_PROJECT, Project } from './types';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const ANY_KIND = { group: '*', kind: '*' };

const pattern = z.string().trim().min(1, 'must not be empty');
const kindPattern = z
  .object({
    group: z.string({
      required_error: "is required ('' is the core group, '*' any group)",
    }),
    kind: z.string().min(1, "must name a kind or be '*'"),
  })
  .strict();
const kindRules = (defaultAllow: Array<z.infer<typeof kindPattern>>) =>
  z
    .object({
      allow: z.array(kindPattern).default(defaultAllow),
      deny: z.array(kindPattern).default([]),
    })
    .strict()
    .default({});
const entityRefs = (defaultKind: string) =>
  z
    .array(z.string().min(1))
    .default([])
    .transform((refs, ctx) =>
      refs.flatMap(ref => {
        try {
          return [
            stringifyEntityRef(
              parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' }),
            ).toLocaleLowerCase('en-US'),
          ];
        } catch (error) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            message: `'${ref}' is not an entity ref: ${error}`,
          });
          return [];
        }
      }),
    );

const serviceAccount = z.string().refine(v => {
  const [namespace, name, ...rest] = v.split('/');
  return (
    rest.length === 0 &&
    DNS_LABEL.test(namespace ?? '') &&
    DNS_SUBDOMAIN.test(name ?? '')
  );
}, "must be '<namespace>/<name>' of a ServiceAccount");

const projectSchema = z
  .object({
    name: z
      .string()
      .regex(DNS_LABEL, 'must be a lowercase DNS label')
      .refine(
        n => n !== DEFAULT_PROJECT,
        `'${DEFAULT_PROJECT}' is the built-in project of entities no project claims`,
      ),
    description: z.string().optional(),
    members: z
      .object({
        groups: entityRefs('group'),
        systems: entityRefs('system'),
        namespaces: z
          .array(z.string().min(1))
          .default([])
          .transform(ns => ns.map(n => n.toLocaleLowerCase('en-US'))),
      })
      .strict()
      .default({}),
    sourceRepos: z.array(pattern).min(1, 'names no repository pattern'),
    destinations: z
      .array(z.object({ cluster: pattern, namespace: pattern }).strict())
      .min(1, 'names no destination'),
    clusterResources: kindRules([]),
    namespacedResources: kindRules([ANY_KIND]),
    syncPolicy: z
      .object({
        automated: z.boolean().default(true),
        selfHeal: z.boolean().default(true),
        prune: z.boolean().default(true),
      })
      .strict()
      .default({}),
    impersonate: z
      .union([
        z.object({ serviceAccount }).strict(),
        z
          .object({
            user: z.string().min(1),
            groups: z.array(z.string().min(1)).default([]),
          })
          .strict(),
      ])
      .optional(),
  })
  .strict();

export class ProjectConfigError extends Error {
  name = 'ProjectConfigError';
}

function formatIssue(issue: z.ZodIssue): string {
  const where = issue.path.reduce<string>(
    (acc, part) =>
      typeof part === 'number' ? `${acc}[${part}]` : `${acc}.${part}`,
    'gitops.projects',
  );
  if (issue.code === z.ZodIssueCode.invalid_union)
    return `${where}: must be { serviceAccount: '<namespace>/<name>' } or { user, groups }`;
  return `${where}: ${issue.message}`;
}

/**
 * The built-in project of entities no configured project claims: any repository no configured
 * project names, any namespace no configured project's destinations cover except `kube-*` and
 * `default`, namespaced kinds only (no Namespace, no ClusterRole), every sync policy, the
 * portal's own identity. Admission adds the "not another project's" conditions.
 */
export const DEFAULT_PROJECT_RULES: Project = {
  name: DEFAULT_PROJECT,
  builtIn: true,
  members: { groups: [], systems: [], namespaces: [] },
  sourceRepos: ['**'],
  destinations: [{ cluster: '*', namespace: '*' }],
  clusterResources: { allow: [], deny: [] },
  namespacedResources: { allow: [ANY_KIND], deny: [] },
  syncPolicy: { automated: true, selfHeal: true, prune: true },
};

/** Namespaces the default project may never target. */
export const RESERVED_NAMESPACES = ['kube-*', 'default'];

/**
 * The projects of `gitops.projects`, in config order, checked at startup: every problem of every
 * project is reported at once, naming where it is.
 */
export function readProjects(config: Config): Project[] {
  const raw = config.getOptionalConfigArray('gitops.projects') ?? [];
  const problems: string[] = [];
  const projects: Project[] = [];
  raw.forEach((entry, index) => {
    const result = projectSchema.safeParse(entry.get());
    if (!result.success) {
      problems.push(
        ...result.error.issues.map(issue =>
          formatIssue({ ...issue, path: [index, ...issue.path] }),
        ),
      );
      return;
    }
    const { description: _description, impersonate, ...project } = result.data;
    projects.push({
      ...project,
      clusterResources: project.clusterResources as KindRules,
      namespacedResources: project.namespacedResources as KindRules,
      impersonate: impersonate && identityOf(impersonate),
    });
  });
  const seen = new Set<string>();
  for (const { name } of projects) {
    if (seen.has(name))
      problems.push(`gitops.projects: project '${name}' is declared twice`);
    seen.add(name);
  }
  if (problems.length > 0)
    throw new ProjectConfigError(
      `Invalid GitOps projects config: ${problems.join('; ')}`,
    );
  return projects;
}

/** The user and groups Kubernetes sees for a ServiceAccount, or the configured user and groups. */
function identityOf(
  impersonate: { serviceAccount: string } | { user: string; groups: string[] },
): NonNullable<Project['impersonate']> {
  if ('user' in impersonate)
    return { user: impersonate.user, groups: impersonate.groups };
  const [namespace, name] = impersonate.serviceAccount.split('/');
  return serviceAccountIdentity(namespace, name);
}
