import { ConfigReader } from '@backstage/config';
import { readStaticApplications } from './staticApplications';

const entry = (extra: Record<string, unknown>) =>
  new ConfigReader({
    gitops: {
      applications: [
        {
          name: 'platform',
          repoUrl: 'http://git/platform.git',
          cluster: 'local',
          namespace: 'platform',
          ...extra,
        },
      ],
    },
  });

describe('readStaticApplications', () => {
  it('runs as nobody but the portal, and adopts nothing, unless configured', () => {
    const [spec] = readStaticApplications(entry({}));
    expect(spec.id).toBe('config:platform');
    expect(spec.impersonate).toBeUndefined();
    expect(spec.adoptExisting).toBeUndefined();
  });

  it.each([
    [
      { serviceAccount: 'platform/deployer' },
      {
        user: 'system:serviceaccount:platform:deployer',
        groups: ['system:serviceaccounts', 'system:serviceaccounts:platform'],
      },
    ],
    [
      { user: 'ops-bot', groups: ['ops'] },
      { user: 'ops-bot', groups: ['ops'] },
    ],
    [{ user: 'ops-bot' }, { user: 'ops-bot', groups: [] }],
  ])('impersonates %j', (impersonate, identity) => {
    const [spec] = readStaticApplications(
      entry({ impersonate, adoptExisting: true }),
    );
    expect(spec.impersonate).toEqual(identity);
    expect(spec.adoptExisting).toBe(true);
  });

  it.each([
    [
      { serviceAccount: 'deployer' },
      /serviceAccount must be <namespace>\/<name>/,
    ],
    [
      { serviceAccount: 'Platform/deployer' },
      /ServiceAccount namespace 'Platform' is not a DNS label/,
    ],
    [
      { serviceAccount: 'platform/deployer', user: 'x' },
      /cannot be combined with user or groups/,
    ],
    [{ groups: ['ops'] }, /user must be a non-empty string/],
    [{ user: ' ' }, /user must be a non-empty string/],
    [
      { user: 'a', groups: ['ok', ''] },
      /groups must be a list of non-empty strings/,
    ],
    [{ user: 'a', group: 'typo' }, /unknown field group/],
    ['platform/deployer', /must be \{ serviceAccount \} or \{ user, groups \}/],
  ])('refuses impersonate %j, naming the entry', (impersonate, message) => {
    expect(() => readStaticApplications(entry({ impersonate }))).toThrow(
      message,
    );
    expect(() => readStaticApplications(entry({ impersonate }))).toThrow(
      /^gitops\.applications\[0\]\.impersonate: /,
    );
  });
});
