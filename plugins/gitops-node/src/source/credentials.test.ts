import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import {
  configuredIntegrations,
  credentialsFor,
  integrationFor,
} from './credentials';

const hostOf = (
  integrations: ReturnType<typeof configuredIntegrations>,
  url: string,
) => {
  try {
    return integrationFor(integrations, url).title;
  } catch (error) {
    return (error as Error).message;
  }
};

describe('configuredIntegrations', () => {
  const onlyGitea = new ConfigReader({
    integrations: {
      gitea: [
        {
          host: 'git.internal.example',
          baseUrl: 'https://git.internal.example',
          username: 'portal',
          password: 'secret',
        },
      ],
    },
  });

  it('the stock registry admits public hosts nobody configured (why this function exists)', () => {
    const stock = ScmIntegrations.fromConfig(onlyGitea);
    expect(stock.byHost('github.com')).toBeDefined();
    expect(stock.byHost('gitlab.com')).toBeDefined();
  });

  it.each([
    [
      'https://github.com/team-a/shop.git',
      "Repository host 'github.com' matches no configured integration",
    ],
    [
      'https://gitlab.com/team-a/shop.git',
      "Repository host 'gitlab.com' matches no configured integration",
    ],
    [
      'https://bitbucket.org/team-a/shop.git',
      "Repository host 'bitbucket.org' matches no configured integration",
    ],
    [
      'https://dev.azure.com/org/project/_git/shop',
      "Repository host 'dev.azure.com' matches no configured integration",
    ],
    ['https://git.internal.example/team-a/shop.git', 'git.internal.example'],
  ])('%s: %s', (url, expected) => {
    expect(hostOf(configuredIntegrations(onlyGitea), url)).toBe(expected);
  });

  it('keeps a public host the config names, with its credentials, and entries without host', () => {
    const integrations = configuredIntegrations(
      new ConfigReader({
        integrations: {
          github: [{ token: 'gh-token' }], // no host: github.com
          gitlab: [{ host: 'gitlab.com', token: 'gl-token' }],
          bitbucketCloud: [{ username: 'u', appPassword: 'p' }],
        },
      }),
    );
    expect(
      ['github.com', 'gitlab.com', 'bitbucket.org', 'dev.azure.com'].map(
        host => integrations.byHost(host)?.type,
      ),
    ).toEqual(['github', 'gitlab', 'bitbucketCloud', undefined]);
    expect(credentialsFor(integrations, 'https://github.com/a/b.git')).toEqual({
      username: 'x-access-token',
      password: 'gh-token',
    });
    expect(integrations.byUrl('https://gitlab.com/a/b')?.type).toBe('gitlab');
    expect(
      integrations
        .list()
        .map(i => i.title)
        .sort(),
    ).toEqual(['bitbucket.org', 'github.com', 'gitlab.com']);
  });

  it('names nothing when the config names no integration', () => {
    const integrations = configuredIntegrations(new ConfigReader({}));
    expect(integrations.list()).toEqual([]);
    expect(hostOf(integrations, 'https://github.com/a/b')).toBe(
      "Repository host 'github.com' matches no configured integration",
    );
  });
});
