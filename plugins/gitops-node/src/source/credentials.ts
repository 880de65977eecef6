import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  IntegrationsByType,
  ScmIntegration,
  ScmIntegrationRegistry,
  ScmIntegrations,
  ScmIntegrationsGroup,
} from '@backstage/integration';

/** Basic credentials for Git smart HTTP, as each provider expects its token to be sent. @public */
export interface GitCredentials {
  /** User name of HTTP basic authentication. */
  username: string;
  /** Password or token of HTTP basic authentication. */
  password: string;
}

/**
 * The Git integrations the portal's config names under `integrations`, and no others: the one
 * way this plugin builds its registry. `ScmIntegrations.fromConfig` adds an entry for each public
 * host (github.com, gitlab.com, bitbucket.org, dev.azure.com) whether the config names it or not,
 * so a repository there would pass `integrationFor` without anyone having configured it.
 * @public
 */
export function configuredIntegrations(config: Config): ScmIntegrationRegistry {
  const all = ScmIntegrations.fromConfig(config);
  /** The entries of one type that the config names; `defaultHost` is what an entry without `host` means. */
  function named<T extends ScmIntegration>(
    type: string,
    group: ScmIntegrationsGroup<T>,
    defaultHost?: string,
  ): ScmIntegrationsGroup<T> {
    const kept = (config.getOptionalConfigArray(`integrations.${type}`) ?? [])
      .map(entry => entry.getOptionalString('host') ?? defaultHost)
      .flatMap(host => {
        const integration = host ? group.byHost(host) : undefined;
        return integration ? [integration] : [];
      });
    return {
      list: () => kept,
      byHost: host => kept.find(i => i === group.byHost(host)),
      byUrl: url => kept.find(i => i === group.byUrl(url)),
    };
  }
  // not Git hosts: never a repository's integration
  const none = {
    list: () => [],
    byHost: () => undefined,
    byUrl: () => undefined,
  };
  const byType: IntegrationsByType = {
    github: named('github', all.github, 'github.com'),
    gitlab: named('gitlab', all.gitlab),
    azure: named('azure', all.azure, 'dev.azure.com'),
    bitbucketCloud: named(
      'bitbucketCloud',
      all.bitbucketCloud,
      'bitbucket.org',
    ),
    bitbucketServer: named('bitbucketServer', all.bitbucketServer),
    gerrit: named('gerrit', all.gerrit),
    gitea: named('gitea', all.gitea),
    awsS3: none,
    awsCodeCommit: none,
    azureBlobStorage: none,
    googleGcs: none,
    harness: none,
  };
  return new ScmIntegrations(byType);
}

/**
 * The integration that serves a repository URL, or an error when none is configured: the engine
 * never fetches a URL the portal's integrations config does not name (an annotation alone is not
 * enough to make the backend talk to a host).
 * @public
 */
export function integrationFor(
  integrations: ScmIntegrationRegistry,
  repoUrl: string,
) {
  let url: URL;
  try {
    url = new URL(repoUrl);
  } catch {
    throw new InputError(`Repository URL '${repoUrl}' is not a valid URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InputError(`Repository URL '${repoUrl}' must use http or https`);
  }
  if (url.username || url.password) {
    throw new InputError(
      `Repository URL must not carry credentials; configure them in the integrations config`,
    );
  }
  const integration = integrations.byHost(url.host);
  if (!integration) {
    throw new InputError(
      `Repository host '${url.host}' matches no configured integration`,
    );
  }
  return integration;
}

/** Credentials for one repository from the portal's integrations config (never from the entity). @public */
export function credentialsFor(
  integrations: ScmIntegrationRegistry,
  repoUrl: string,
): GitCredentials | undefined {
  const integration = integrationFor(integrations, repoUrl);
  const config = (integration as unknown as { config: Record<string, any> })
    .config;
  switch (integration.type) {
    case 'github':
      return config.token
        ? { username: 'x-access-token', password: config.token }
        : undefined;
    case 'gitlab':
      return config.token
        ? { username: 'oauth2', password: config.token }
        : undefined;
    case 'azure': {
      const token =
        config.credentials?.find((c: any) => c.personalAccessToken)
          ?.personalAccessToken ?? config.token;
      return token ? { username: 'pat', password: token } : undefined;
    }
    case 'bitbucketCloud':
      return config.username && (config.appPassword || config.token)
        ? {
            username: config.username,
            password: config.appPassword ?? config.token,
          }
        : undefined;
    case 'bitbucketServer':
      if (config.token)
        return { username: 'x-token-auth', password: config.token };
      return config.username && config.password
        ? { username: config.username, password: config.password }
        : undefined;
    case 'gitea':
    case 'gerrit':
      return config.username && config.password
        ? { username: config.username, password: config.password }
        : undefined;
    default:
      return undefined;
  }
}
