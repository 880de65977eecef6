import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { copiesApartFromOurs, duplicated, installedCopies } from './copies';

describe('installedCopies', () => {
  let portal: string;
  const install = (dir: string, name: string, version: string) => {
    fs.mkdirSync(path.join(portal, dir), { recursive: true });
    fs.writeFileSync(
      path.join(portal, dir, 'package.json'),
      JSON.stringify({ name, version }),
    );
  };

  beforeEach(() => {
    portal = fs.mkdtempSync(path.join(os.tmpdir(), 'copies-'));
    install('node_modules/@backstage/errors', '@backstage/errors', '1.4.0');
    install(
      'node_modules/@backstage-gitops/plugin-gitops/node_modules/@backstage/errors',
      '@backstage/errors',
      '1.3.0',
    );
    install(
      'node_modules/@backstage-gitops/plugin-gitops',
      '@backstage-gitops/plugin-gitops',
      '0.1.0',
    );
    install('node_modules/yaml', 'yaml', '2.9.1');
    install(
      'packages/app/node_modules/@backstage/errors',
      '@backstage/errors',
      '1.2.0',
    );
    install('packages/app', 'app', '0.0.0');
    // a workspace link is not a copy
    fs.symlinkSync(
      path.join(portal, 'packages/app'),
      path.join(portal, 'node_modules/app'),
    );
  });

  afterEach(() => fs.rmSync(portal, { recursive: true, force: true }));

  it('finds every copy, nested and in workspaces, and no links', () => {
    expect(
      installedCopies(portal).sort((a, b) => a.dir.localeCompare(b.dir)),
    ).toEqual([
      {
        name: '@backstage-gitops/plugin-gitops',
        version: '0.1.0',
        dir: 'node_modules/@backstage-gitops/plugin-gitops',
      },
      {
        name: '@backstage/errors',
        version: '1.3.0',
        dir: 'node_modules/@backstage-gitops/plugin-gitops/node_modules/@backstage/errors',
      },
      {
        name: '@backstage/errors',
        version: '1.4.0',
        dir: 'node_modules/@backstage/errors',
      },
      { name: 'yaml', version: '2.9.1', dir: 'node_modules/yaml' },
      {
        name: '@backstage/errors',
        version: '1.2.0',
        dir: 'packages/app/node_modules/@backstage/errors',
      },
    ]);
  });

  it('duplicated keeps the packages asked about that have more than one copy', () => {
    const copies = installedCopies(portal);
    expect([
      ...duplicated(copies, ['@backstage/errors', 'yaml']).keys(),
    ]).toEqual(['@backstage/errors']);
    expect(duplicated(copies, ['yaml']).size).toBe(0);
  });

  it('copiesApartFromOurs names copies below our packages and in workspaces, not below others', () => {
    install(
      'node_modules/@backstage/app-defaults',
      '@backstage/app-defaults',
      '1.7.12',
    );
    install(
      'node_modules/@backstage/app-defaults/node_modules/@backstage/errors',
      '@backstage/errors',
      '1.1.0',
    );
    expect(
      copiesApartFromOurs(
        installedCopies(portal),
        ['@backstage/errors'],
        '@backstage-gitops',
      )
        .map(copy => copy.dir)
        .sort(),
    ).toEqual([
      'node_modules/@backstage-gitops/plugin-gitops/node_modules/@backstage/errors',
      'packages/app/node_modules/@backstage/errors',
    ]);
  });
});
