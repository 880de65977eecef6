import { isRemoteReference, kustomizationRefs } from './kustomizeRefs';

describe('isRemoteReference', () => {
  it.each([
    ['https://github.com/org/repo//deploy?ref=v1', true],
    ['http://example.com/manifest.yaml', true],
    ['ssh://git@github.com/org/repo.git', true],
    ['git@github.com:org/repo.git', true],
    ['git::https://example.com/org/repo', true],
    ['github.com/org/repo/deploy', true],
    ['gitlab.com/org/repo', true],
    ['example.com/org/repo//base', true],
    ['../base?ref=main', true],
    ['file:///etc', true],
    ['../base', false],
    ['base', false],
    ['deployment.yaml', false],
    ['config/app.properties', false],
    ['overlays/v1.2/patch.yaml', false],
  ])('%s → %s', (ref, remote) => {
    expect(isRemoteReference(ref)).toBe(remote);
  });
});

describe('kustomizationRefs', () => {
  it('lists every local path Kustomize would read, skipping inline content', () => {
    const { refs, unsupported } = kustomizationRefs({
      resources: ['deploy.yaml', '../base'],
      bases: ['../legacy'],
      components: ['../components/tls'],
      crds: ['crds/thing.yaml'],
      configurations: ['config/names.yaml'],
      patchesStrategicMerge: [
        'patch.yaml',
        'apiVersion: v1\nkind: ConfigMap\n',
      ],
      patchesJson6902: [{ path: 'json6902.yaml', target: {} }],
      patches: [{ path: 'p.yaml' }, { patch: '- op: remove\n  path: /x' }],
      replacements: [{ path: 'repl.yaml' }],
      transformers: ['labels.yaml', '{"apiVersion": "builtin"}'],
      openapi: { path: 'schema.json' },
      configMapGenerator: [
        {
          name: 'c',
          files: ['app.properties', 'key=other.txt'],
          envs: ['.env'],
        },
      ],
      secretGenerator: [{ name: 's', env: 'secret.env', literals: ['a=b'] }],
    });
    expect(refs).toEqual([
      { field: 'resources', path: 'deploy.yaml' },
      { field: 'resources', path: '../base' },
      { field: 'bases', path: '../legacy' },
      { field: 'components', path: '../components/tls' },
      { field: 'crds', path: 'crds/thing.yaml' },
      { field: 'configurations', path: 'config/names.yaml' },
      { field: 'patchesStrategicMerge', path: 'patch.yaml' },
      { field: 'transformers', path: 'labels.yaml' },
      { field: 'patches.path', path: 'p.yaml' },
      { field: 'patchesJson6902.path', path: 'json6902.yaml' },
      { field: 'replacements.path', path: 'repl.yaml' },
      { field: 'openapi.path', path: 'schema.json' },
      { field: 'configMapGenerator.files', path: 'app.properties' },
      { field: 'configMapGenerator.files', path: 'other.txt' },
      { field: 'configMapGenerator.envs', path: '.env' },
      { field: 'secretGenerator.env', path: 'secret.env' },
    ]);
    expect(unsupported).toEqual([]);
  });

  it('reports Helm charts as unsupported', () => {
    expect(
      kustomizationRefs({ helmCharts: [{ name: 'x' }] }).unsupported,
    ).toEqual([
      {
        field: 'helmCharts',
        reason: expect.stringMatching(/Helm charts are not supported/),
      },
    ]);
  });
});
