import {
  entryPointProblems,
  PackageManifest,
  privateReferences,
} from './manifest';

describe('privateReferences', () => {
  it.each<{
    what: string;
    manifest: Partial<PackageManifest>;
    expected: string[];
  }>([
    {
      what: 'registry ranges only',
      manifest: {
        dependencies: { '@backstage/errors': '^1.4.0' },
        devDependencies: { '@backstage/cli': '^0.36.8' },
      },
      expected: [],
    },
    {
      what: 'an @internal package in devDependencies',
      manifest: { devDependencies: { '@internal/local-infra': '^0.0.0' } },
      expected: [
        'devDependencies names the private package @internal/local-infra@^0.0.0',
      ],
    },
    {
      what: 'a private package by name and a workspace range',
      manifest: {
        dependencies: {
          app: '^0.0.0',
          '@backstage-gitops/plugin-gitops-common': 'workspace:^',
        },
      },
      expected: [
        'dependencies names the private package app@^0.0.0',
        'dependencies names @backstage-gitops/plugin-gitops-common@workspace:^, a workspace-local range',
      ],
    },
  ])('$what', ({ manifest, expected }) => {
    expect(
      privateReferences(
        { name: 'p', version: '1.0.0', ...manifest },
        new Set(['app']),
      ),
    ).toEqual(expected);
  });
});

describe('entryPointProblems', () => {
  const files = new Set([
    'dist/index.cjs.js',
    'dist/index.d.ts',
    'dist/alpha.esm.js',
    'package.json',
  ]);

  it('accepts entry points inside dist that exist', () => {
    expect(
      entryPointProblems(
        {
          name: 'p',
          version: '1.0.0',
          main: './dist/index.cjs.js',
          types: './dist/index.d.ts',
          exports: {
            '.': {
              backstage: '@backstage/BackendFeature',
              require: './dist/index.cjs.js',
              types: './dist/index.d.ts',
            },
            './alpha': { import: './dist/alpha.esm.js' },
            './package.json': './package.json',
          },
        },
        files,
      ),
    ).toEqual([]);
  });

  it('names sources and missing files', () => {
    expect(
      entryPointProblems(
        {
          name: 'p',
          version: '1.0.0',
          main: 'src/index.ts',
          exports: { './testUtils': './dist/testUtils.cjs.js' },
        },
        files,
      ),
    ).toEqual([
      'main points at the sources (src/index.ts), not at dist',
      'exports points at ./dist/testUtils.cjs.js, which the package does not contain',
    ]);
  });
});
