import { InputError } from '@backstage/errors';
import { z } from 'zod';

// RFC 1123 label with a leading letter (RFC 1035): valid as a Service, Namespace and container name.
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const dnsLabel = (zImpl: typeof z, pattern: RegExp, what: string) =>
  zImpl
    .string()
    .max(63)
    .regex(pattern, `must be a lowercase DNS label (${what})`);

/** The environments a config repository deploys, one application each. */
function environmentSchema(zImpl: typeof z) {
  return zImpl
    .object({
      name: dnsLabel(zImpl, DNS_1123_LABEL, 'e.g. dev, prod').describe(
        'Environment name, e.g. dev',
      ),
      cluster: zImpl
        .string()
        .min(1)
        .describe(
          'Cluster name from the portal config (kubernetes.clusterLocatorMethods or gitops.clusters)',
        ),
      namespace: dnsLabel(zImpl, DNS_1123_LABEL, 'e.g. shop-dev')
        .optional()
        .describe(
          'Namespace the environment deploys to, created by its overlay (default <name>-<environment>)',
        ),
      replicas: zImpl
        .number()
        .int()
        .min(0)
        .max(1000)
        .optional()
        .describe(
          'Replicas in this environment (default 1); with hpa, the autoscaler minimum of this environment',
        ),
      ingressHost: zImpl
        .string()
        .regex(DNS_SUBDOMAIN, 'must be a DNS host name')
        .optional()
        .describe('Ingress host of this environment (overrides ingressHost)'),
      policy: zImpl
        .object({
          automated: zImpl
            .boolean()
            .default(true)
            .describe('Apply new commits without a user pressing Sync'),
          selfHeal: zImpl
            .boolean()
            .default(true)
            .describe('Correct drift found in the cluster'),
          prune: zImpl
            .boolean()
            .default(true)
            .describe('Delete objects that left Git'),
        })
        .strict()
        .default({})
        .describe('Sync policy'),
    })
    .strict();
}

/** Input of `gitops:config-repo:create`, written once for the scaffolder's JSON schema and the handler's own parse. */
export function configRepoInputSchema(zImpl: typeof z) {
  return zImpl
    .object({
      repoUrl: zImpl
        .string()
        .url()
        .describe(
          'Clone URL of the new config repository, e.g. https://git.example.com/team/shop-config.git; its host must be a configured integration',
        ),
      branch: zImpl
        .string()
        .regex(/^[A-Za-z0-9._/-]+$/, 'must be a branch name')
        .default('main')
        .describe('Branch to create (default main)'),
      name: dnsLabel(
        zImpl,
        DNS_1035_LABEL,
        'starting with a letter, e.g. shop-frontend',
      ).describe(
        'Application name: names the Deployment, Service, ServiceAccount and container',
      ),
      image: zImpl
        .string()
        .min(1)
        .describe(
          'Container image, e.g. registry.example.com/shop/frontend or nginx:1.27',
        ),
      tag: zImpl
        .string()
        .regex(/^[\w][\w.-]{0,127}$/, 'must be an image tag')
        .optional()
        .describe('Image tag, when image carries none'),
      port: zImpl
        .number()
        .int()
        .min(1)
        .max(65535)
        .describe('Port the container listens on'),
      environments: zImpl
        .array(environmentSchema(zImpl))
        .min(1, 'declare at least one environment')
        .describe('One application per environment'),
      ingressHost: zImpl
        .string()
        .regex(DNS_SUBDOMAIN, 'must be a DNS host name')
        .optional()
        .describe('Adds an Ingress for this host'),
      hpa: zImpl
        .object({
          min: zImpl.number().int().min(1).describe('Minimum replicas'),
          max: zImpl.number().int().min(1).describe('Maximum replicas'),
          cpu: zImpl
            .number()
            .int()
            .min(1)
            .max(100)
            .default(80)
            .describe('Target average CPU utilization, percent'),
        })
        .strict()
        .optional()
        .describe(
          'Adds a HorizontalPodAutoscaler (autoscaling/v2); the Deployment then leaves replicas to it',
        ),
      extraFiles: zImpl
        .record(zImpl.string())
        .optional()
        .describe(
          'More files for the repository: repository-relative path → content',
        ),
      workspaceFiles: zImpl
        .array(zImpl.string())
        .optional()
        .describe(
          'Files of the task workspace to add at the same path, e.g. the catalog-info.yaml written by catalog:write',
        ),
      commitMessage: zImpl
        .string()
        .min(1)
        .optional()
        .describe('Message of the initial commit'),
      gitAuthorName: zImpl
        .string()
        .min(1)
        .optional()
        .describe(
          'Author of the initial commit (default: scaffolder.defaultAuthor.name)',
        ),
      gitAuthorEmail: zImpl
        .string()
        .email()
        .optional()
        .describe('Author e-mail (default: scaffolder.defaultAuthor.email)'),
    })
    .strict();
}

/** Output of `gitops:config-repo:create`. */
export function configRepoOutputSchema(zImpl: typeof z) {
  return zImpl.object({
    repoUrl: zImpl.string().describe('The config repository'),
    commitSha: zImpl
      .string()
      .optional()
      .describe('The pushed commit (absent in a dry run)'),
    annotations: zImpl
      .record(zImpl.string())
      .describe(
        'Catalog annotations that onboard an entity to this repository',
      ),
    files: zImpl.array(zImpl.string()).describe('Repository paths written'),
  });
}

type ParsedInput = z.output<ReturnType<typeof configRepoInputSchema>>;
/** An environment with its defaults resolved. */
export type EnvironmentInput = ParsedInput['environments'][number] & {
  namespace: string;
};
/** The action's input with every default resolved. */
export type ConfigRepoInput = Omit<ParsedInput, 'environments'> & {
  environments: EnvironmentInput[];
};

function formatIssue(issue: z.ZodIssue): string {
  const path = issue.path
    .map(p => (typeof p === 'number' ? `[${p}]` : `.${p}`))
    .join('')
    .replace(/^\./, '');
  return `${path || 'input'}: ${issue.message}`;
}

/**
 * Parses the action's input with defaults applied. The scaffolder validates the JSON schema
 * already, but that schema carries neither defaults nor the cross-field rules checked here.
 */
export function parseConfigRepoInput(raw: unknown): ConfigRepoInput {
  const result = configRepoInputSchema(z).safeParse(raw);
  if (!result.success) {
    throw new InputError(
      `Invalid input: ${result.error.issues.map(formatIssue).join('; ')}`,
    );
  }
  const input: ConfigRepoInput = {
    ...result.data,
    environments: result.data.environments.map(env => ({
      ...env,
      namespace: env.namespace ?? `${result.data.name}-${env.name}`,
    })),
  };
  const problems = [...environmentProblems(input), ...imageProblems(input)];
  if (input.hpa && input.hpa.max < input.hpa.min)
    problems.push(
      `hpa: max (${input.hpa.max}) is below min (${input.hpa.min})`,
    );
  if (problems.length > 0)
    throw new InputError(`Invalid input: ${problems.join('; ')}`);
  return input;
}

/** Two environments writing one namespace of one cluster would fight over the same objects. */
function environmentProblems(input: ConfigRepoInput): string[] {
  const problems: string[] = [];
  const names = new Map<string, number>();
  const targets = new Map<string, string>();
  input.environments.forEach((env, i) => {
    if (env.namespace.length > 63)
      problems.push(
        `environments[${i}]: invalid environment: namespace '${env.namespace}' is longer than 63 characters; set namespace`,
      );
    if (names.has(env.name))
      problems.push(
        `environments[${i}]: invalid environment: duplicate name '${env.name}'`,
      );
    names.set(env.name, i);
    const target = `${env.cluster}/${env.namespace}`;
    const other = targets.get(target);
    if (other)
      problems.push(
        `environments[${i}]: invalid environment: '${env.name}' and '${other}' both deploy to namespace ${env.namespace} of cluster ${env.cluster}`,
      );
    else targets.set(target, env.name);
    if (
      input.hpa &&
      env.replicas !== undefined &&
      (env.replicas < 1 || env.replicas > input.hpa.max)
    ) {
      problems.push(
        `environments[${i}]: invalid environment: replicas ${env.replicas} must lie between 1 and hpa.max (${input.hpa.max}) when autoscaling`,
      );
    }
  });
  return problems;
}

function imageProblems(input: ConfigRepoInput): string[] {
  const ref = splitImage(input.image);
  if (!ref) return [`image: '${input.image}' is not an image reference`];
  if (input.tag && (ref.tag || ref.digest))
    return [
      `image: '${input.image}' already names a tag or digest; leave tag empty`,
    ];
  if (!input.tag && !ref.tag && !ref.digest)
    return [
      `image: '${input.image}' needs a tag (or set tag): every deployed state must name an immutable version`,
    ];
  return [];
}

/** Splits `registry:5000/team/app:1.2@sha256:…`; the tag is after the last ':' of the last path segment. */
export function splitImage(
  image: string,
): { name: string; tag?: string; digest?: string } | undefined {
  if (/\s/.test(image) || image.startsWith('/') || image.endsWith('/'))
    return undefined;
  const [withoutDigest, digest, ...rest] = image.split('@');
  if (
    rest.length > 0 ||
    (digest !== undefined && !/^[a-z0-9]+:[a-f0-9]{32,}$/.test(digest))
  )
    return undefined;
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  const hasTag = colon > slash;
  const name = hasTag ? withoutDigest.slice(0, colon) : withoutDigest;
  const tag = hasTag ? withoutDigest.slice(colon + 1) : undefined;
  if (!name || (tag !== undefined && !/^[\w][\w.-]{0,127}$/.test(tag)))
    return undefined;
  return { name, tag, digest };
}

/** The image reference the Deployment runs. */
export function imageReference(
  input: Pick<ConfigRepoInput, 'image' | 'tag'>,
): string {
  return input.tag ? `${input.image}:${input.tag}` : input.image;
}
