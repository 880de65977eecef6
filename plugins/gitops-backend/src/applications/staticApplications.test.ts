import { ConfigReader } from '@backstage/config';
import { Projects } from '../projects';
import { readStaticApplications } from './staticApplications';

const config = (applications: object[]) =>
  new ConfigReader({
    gitops: {
      projects: [
        {
          name: 'platform',
          sourceRepos: ['https://git.example.com/platform/*'],
          destinations: [{ cluster: 'local', namespace: 'monitoring' }],
          clusterResources: { allow: [{ group: '*', kind: '*' }] },
          impersonate: { user: 'platform-deployer', groups: ['platform'] },
        },
      ],
      applications,
    },
  });
const read = (applications: object[]) => {
  const c = config(applications);
  return readStaticApplications(c, Projects.fromConfig(c));
};

const monitoring = {
  name: 'monitoring',
  repoUrl: 'https://git.example.com/platform/monitoring.git',
  path: 'deploy',
  cluster: 'local',
  namespace: 'monitoring',
};

describe('readStaticApplications', () => {
  it('admits an application by the project it names, with its identity', () => {
    const [spec] = read([
      { ...monitoring, project: 'platform', allowClusterScoped: true },
    ]);
    expect(spec).toMatchObject({
      id: 'config:monitoring',
      origin: 'config',
      project: 'platform',
      impersonate: { user: 'platform-deployer', groups: ['platform'] },
      destination: { namespace: 'monitoring', allowClusterScoped: true },
    });
  });

  it('puts an application that names no project in the default project', () => {
    const [spec] = read([
      {
        ...monitoring,
        repoUrl: 'https://git.example.com/tools/cron.git',
        namespace: 'tools',
      },
    ]);
    expect(spec.project).toBe('default');
    expect(spec.impersonate).toBeUndefined();
  });

  it.each<[string, object, string]>([
    [
      'a namespace its project does not allow',
      { ...monitoring, project: 'platform', namespace: 'kube-system' },
      "app-config gitops.applications[0]: environment 'monitoring' asks for namespace 'kube-system', which project 'platform' does not allow (allowed: monitoring)",
    ],
    [
      'a project that is not configured',
      { ...monitoring, project: 'ops' },
      "app-config gitops.applications[0]: environment 'monitoring' names project 'ops', which is not configured (gitops.projects)",
    ],
    [
      "the default project on a configured project's repository",
      { ...monitoring, namespace: 'tools' },
      "app-config gitops.applications[0]: environment 'monitoring' reads repository 'https://git.example.com/platform/monitoring.git', which belongs to project 'platform': the default project may not use it",
    ],
  ])(
    'stops the backend at startup on %s, naming the entry',
    (_name, entry, message) => {
      expect(() => read([entry])).toThrow(message);
    },
  );
});
