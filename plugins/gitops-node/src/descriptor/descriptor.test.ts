import { applicationsFromDescriptor, parseDescriptor } from './descriptor';

const valid = `
apiVersion: gitops.backstage.io/v1alpha1
kind: Environments
environments:
  - name: dev
    path: overlays/dev
    cluster: local
    namespace: shop-dev
    interval: 30s
  - name: prod
    path: overlays/prod
    cluster: local
    namespace: shop-prod
    allowedNamespaces: [shop-jobs]
    policy: { automated: true, selfHeal: false, prune: false }
    ignoreDifferences:
      - kind: Deployment
        jsonPointers: [/spec/replicas]
`;

describe('parseDescriptor', () => {
  it('turns each environment into an application with defaults', () => {
    const apps = applicationsFromDescriptor(parseDescriptor(valid), {
      entityRef: 'component:default/shop',
      repoUrl: 'http://git/shop.git',
      ref: 'main',
      basePath: 'deploy',
    });
    expect(apps.map(a => [a.id, a.source.path, a.intervalSeconds])).toEqual([
      ['component:default/shop#dev', 'deploy/overlays/dev', 30],
      ['component:default/shop#prod', 'deploy/overlays/prod', 180],
    ]);
    expect(apps[1].destination.allowedNamespaces).toEqual([
      'shop-prod',
      'shop-jobs',
    ]);
    expect(apps[1].policy).toMatchObject({
      automated: true,
      selfHeal: false,
      prune: false,
      retry: { initialBackoffSeconds: 5, maxBackoffSeconds: 300 },
    });
    expect(apps[1].ignoreDifferences).toEqual([
      { kind: 'Deployment', jsonPointers: ['/spec/replicas'] },
    ]);
  });

  it('adopts existing objects only when an environment opts in', () => {
    const apps = applicationsFromDescriptor(
      parseDescriptor(
        valid.replace(
          'interval: 30s',
          'interval: 30s\n    adoptExisting: true',
        ),
      ),
      { entityRef: 'c', repoUrl: 'u', ref: 'main', basePath: '.' },
    );
    expect(apps.map(a => [a.environment, a.adoptExisting])).toEqual([
      ['dev', true],
      ['prod', undefined],
    ]);
  });

  it('filters environments named by the annotation', () => {
    const apps = applicationsFromDescriptor(parseDescriptor(valid), {
      entityRef: 'c',
      repoUrl: 'u',
      ref: 'main',
      basePath: '.',
      environments: ['prod'],
    });
    expect(apps.map(a => a.environment)).toEqual(['prod']);
  });

  it.each([
    ['not YAML', 'environments: [', /gitops.yaml: invalid YAML/],
    [
      'wrong version',
      valid.replace('v1alpha1', 'v9'),
      /apiVersion: Invalid literal value/,
    ],
    [
      'no environments',
      'apiVersion: gitops.backstage.io/v1alpha1\nkind: Environments\nenvironments: []',
      /environments: declares no environment/,
    ],
    [
      'wrong type',
      valid.replace('interval: 30s', 'interval: 30'),
      /environments\[0\]\.interval: Expected string, received number/,
    ],
    [
      'bad duration',
      valid.replace('interval: 30s', 'interval: soon'),
      /environments\[0\]\.interval: must be a duration/,
    ],
    [
      'escaping path',
      valid.replace('overlays/dev', '../../etc'),
      /environments\[0\]\.path: must be a relative path inside the repository/,
    ],
    [
      'absolute path',
      valid.replace('overlays/dev', '/etc'),
      /environments\[0\]\.path: must be a relative path/,
    ],
    [
      'unknown field',
      valid.replace('interval: 30s', 'intervall: 30s'),
      /Unrecognized key\(s\) in object: 'intervall'/,
    ],
    [
      'an identity chosen by the repository',
      valid.replace(
        'interval: 30s',
        'impersonate: { user: system:admin, groups: [system:masters] }',
      ),
      /Unrecognized key\(s\) in object: 'impersonate'/,
    ],
    [
      'adoptExisting that is not a boolean',
      valid.replace('interval: 30s', 'adoptExisting: yes please'),
      /environments\[0\]\.adoptExisting: Expected boolean/,
    ],
    [
      'duplicate environment',
      valid.replace('name: prod', 'name: dev'),
      /duplicate environment 'dev'/,
    ],
    [
      'bad namespace',
      valid.replace('namespace: shop-dev', 'namespace: Shop_Dev'),
      /environments\[0\]\.namespace: must be a lowercase DNS label/,
    ],
    [
      'alias bomb',
      `a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]`,
      /gitops.yaml: .*alias/i,
    ],
  ])('refuses %s with an error naming the field', (_name, text, message) => {
    expect(() => parseDescriptor(text)).toThrow(message);
  });
});
