import {
  importSpecifiers,
  packageOf,
  spawnSites,
  typesPackageOf,
  undeclaredImports,
} from './distScan';

describe('packageOf', () => {
  it.each([
    ['@backstage/errors', '@backstage/errors'],
    [
      '@backstage/plugin-catalog-react/alpha',
      '@backstage/plugin-catalog-react',
    ],
    ['lodash/fp', 'lodash'],
    ['react/jsx-runtime', 'react'],
    ['./relative.cjs.js', undefined],
    ['../package.json', undefined],
    ['node:child_process', undefined],
    ['fs', undefined],
    ['fs/promises', undefined],
  ])('%s → %s', (specifier, expected) => {
    expect(packageOf(specifier)).toBe(expected);
  });
});

it('typesPackageOf spells scoped packages as DefinitelyTyped does', () => {
  expect(typesPackageOf('express')).toBe('@types/express');
  expect(typesPackageOf('@scope/name')).toBe('@types/scope__name');
});

it('importSpecifiers finds require, static and dynamic imports, and bare imports', () => {
  const text = [
    "'use strict';",
    "var errors = require('@backstage/errors');",
    'var yaml = require("yaml");',
    "import { x } from 'esm-only';",
    "import 'side-effect';",
    "const lazy = () => import('./chunk.esm.js');",
    "export { y } from '@scope/re-export';",
    "throw new Error(`Commit ${revision} is not reachable from '${ref}' in ${url}`);",
    'log(\'copied from "the cache"\');',
  ].join('\n');
  expect(importSpecifiers(text).sort()).toEqual(
    [
      '@backstage/errors',
      'yaml',
      'esm-only',
      'side-effect',
      './chunk.esm.js',
      '@scope/re-export',
    ].sort(),
  );
});

describe('undeclaredImports', () => {
  const manifest = {
    name: '@backstage-gitops/plugin-gitops-backend',
    version: '0.1.0',
    dependencies: { '@backstage/errors': '^1.4.0', '@types/express': '^4' },
    peerDependencies: { react: '^18' },
  };

  it.each([
    {
      what: 'a declared dependency, a peer, a built-in, a relative path and the package itself',
      file: {
        path: 'dist/index.cjs.js',
        text: "require('@backstage/errors'); require('react/jsx-runtime'); require('node:fs'); require('./x.cjs.js'); require('@backstage-gitops/plugin-gitops-backend/package.json');",
      },
      expected: [],
    },
    {
      what: 'a type import satisfied by its @types package',
      file: {
        path: 'dist/index.d.ts',
        text: "import { Router } from 'express';",
      },
      expected: [],
    },
    {
      what: 'a runtime import of an undeclared package',
      file: { path: 'dist/a.cjs.js', text: "var k = require('knex');" },
      expected: [
        { file: 'dist/a.cjs.js', specifier: 'knex', packageName: 'knex' },
      ],
    },
    {
      what: 'an @types package does not satisfy a runtime import',
      file: { path: 'dist/b.cjs.js', text: "require('express');" },
      expected: [
        { file: 'dist/b.cjs.js', specifier: 'express', packageName: 'express' },
      ],
    },
    {
      what: 'a type import of a private package',
      file: {
        path: 'dist/index.d.ts',
        text: "import { X } from '@internal/local-infra';",
      },
      expected: [
        {
          file: 'dist/index.d.ts',
          specifier: '@internal/local-infra',
          packageName: '@internal/local-infra',
        },
      ],
    },
    {
      what: 'a source map is not code',
      file: { path: 'dist/a.cjs.js.map', text: "require('knex')" },
      expected: [],
    },
  ])('$what', ({ file, expected }) => {
    expect(undeclaredImports(manifest, [file])).toEqual(expected);
  });
});

describe('spawnSites', () => {
  it('finds the program of every child_process call, and no method named exec', () => {
    const text = [
      "var node_child_process = require('node:child_process');",
      'const child = node_child_process.spawn(opts.kubectlPath, ["kustomize", dir]);',
      'const m = /x/.exec(line);',
      "execFile('helm', ['template']);",
    ].join('\n');
    expect(spawnSites([{ path: 'dist/render.cjs.js', text }])).toEqual([
      { file: 'dist/render.cjs.js', program: 'opts.kubectlPath' },
      { file: 'dist/render.cjs.js', program: "'helm'" },
    ]);
  });

  it('ignores files that do not load child_process', () => {
    expect(spawnSites([{ path: 'dist/a.cjs.js', text: 'spawn(x)' }])).toEqual(
      [],
    );
  });
});
