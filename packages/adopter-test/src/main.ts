/*
 * The adopter test: what an adopter does with this repository, done from the README. It packs the
 * publishable packages, installs the tarballs into a new create-app portal, wires and configures
 * the portal with the README's own code blocks, and starts its backend on PostgreSQL against the
 * local cluster and Git server of the test kit. Run by `npm test` (bin/test.sh) through
 * bin/adopter-test.sh; one result entry per check in --results.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs packages/adopter-test/src/main.ts \
 *     --postgres postgresql://postgres@127.0.0.1:5432/postgres [--readme README.md] [--results out.json]
 */
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { requireKubectl } from '@internal/local-infra';
import { mustRun, runCommand, tail } from './exec';
import { liveChecks, LIVE_CHECKS } from './live';
import { DistFile, spawnSites, undeclaredImports } from './packed/distScan';
import {
  entryPointProblems,
  PackageManifest,
  privateReferences,
} from './packed/manifest';
import {
  basePortal,
  CREATE_APP_VERSION,
  LEGACY_APP_DIR,
} from './portal/basePortal';
import {
  copiesApartFromOurs,
  duplicated,
  installedCopies,
} from './portal/copies';
import { PortalShell, runInPortal } from './portal/yarn';
import { applyBlock } from './readme/apply';
import {
  ReadmeBlock,
  readMarkedBlocks,
  requireBlock,
  shellCommands,
} from './readme/blocks';
import {
  divergentCopies,
  FILE_STEPS,
  missingFromSteps,
  PORTAL_PLACEHOLDER,
  PublishedPackage,
  STEPS,
} from './readme/steps';
import { parseDockerfile } from './recipe/dockerfile';
import { recipeProblems } from './recipe/recipe';
import { Checks, log } from './results';
import { privatePackageNames, publishedPackages } from './workspace';

const REPO_ROOT = path.resolve(__dirname, '../../..');
/** The production Dockerfile of the backend that the README links. */
const RECIPE = 'docs/adopters/Dockerfile.backend';

const CHECKS = {
  readme: "the README's install steps name every published package",
  pluginReadmes: "the plugins' READMEs repeat the README's steps as they are",
  portal: `a new portal from @backstage/create-app@${CREATE_APP_VERSION}, brought to the current release by the README's bump step`,
  pack: "the README's pack step builds and packs every published package",
  manifests:
    'the packed manifests name no private workspace package and lead to dist',
  imports: 'every import in the packed dist is a declared dependency',
  install: "the README's install steps put the tarballs into the portal",
  oneCopy:
    "our packages share the portal's one copy of each Backstage package they depend on",
  discovery:
    'the frontend plugin is discovered by the new frontend system (app.packages: all)',
  wiring: "the README's wiring and config apply to the portal's files",
  config: "the README's config passes the portal's strict config check",
  recipe:
    'the Dockerfile recipe installs what the packed engine runs, where the production config points',
  typecheck:
    "the portal type-checks with the README's wiring (new and legacy frontend system)",
};

interface Options {
  readme: string;
  results?: string;
  postgres: string;
  cacheDir: string;
}

function parseOptions(argv: string[]): Options {
  const value = (flag: string) => {
    const index = argv.indexOf(flag);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const postgres =
    value('--postgres') ?? process.env.GITOPS_ADOPTER_POSTGRES_URL;
  if (!postgres) {
    throw new Error(
      '--postgres <connection string> is required (a role that may create databases)',
    );
  }
  const cacheHome =
    process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return {
    readme: path.resolve(
      value('--readme') ?? path.join(REPO_ROOT, 'README.md'),
    ),
    results: value('--results'),
    postgres,
    cacheDir: path.resolve(
      value('--cache') ??
        path.join(cacheHome, 'gitops-for-backstage', 'adopter'),
    ),
  };
}

function readJson<T = any>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

interface PackedPackage {
  name: string;
  role: string;
  tarball: string;
  sha256: string;
  /** The extracted package folder. */
  dir: string;
  manifest: PackageManifest;
  files: Set<string>;
  dist: DistFile[];
}

function listFiles(dir: string, prefix = ''): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap(entry =>
      entry.isDirectory()
        ? listFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`)
        : [`${prefix}${entry.name}`],
    );
}

function readPacked(
  published: PublishedPackage,
  tarball: string,
  extractDir: string,
): PackedPackage {
  fs.rmSync(extractDir, { recursive: true, force: true });
  fs.mkdirSync(extractDir, { recursive: true });
  execFileSync('tar', ['xzf', tarball, '-C', extractDir]);
  const dir = path.join(extractDir, 'package');
  const files = new Set(listFiles(dir));
  return {
    ...published,
    tarball,
    sha256: crypto
      .createHash('sha256')
      .update(fs.readFileSync(tarball))
      .digest('hex'),
    dir,
    manifest: readJson(path.join(dir, 'package.json')),
    files,
    dist: [...files]
      .filter(file => file.startsWith('dist/') && /\.(js|d\.ts)$/.test(file))
      .map(file => ({
        path: file,
        text: fs.readFileSync(path.join(dir, file), 'utf8'),
      })),
  };
}

/** Backstage's merge of config files: maps merge, everything else is replaced. */
function mergeConfig(base: any, override: any): any {
  if (
    typeof base !== 'object' ||
    base === null ||
    Array.isArray(base) ||
    typeof override !== 'object' ||
    override === null ||
    Array.isArray(override)
  ) {
    return override === undefined ? base : override;
  }
  const merged = { ...base };
  for (const [key, value] of Object.entries(override)) {
    merged[key] = mergeConfig(base[key], value);
  }
  return merged;
}

function failList(problems: string[], what: string) {
  if (problems.length) {
    throw new Error(`${problems.length} ${what}:\n  ${problems.join('\n  ')}`);
  }
}

async function main() {
  const options = parseOptions(process.argv.slice(2));
  const checks = new Checks();
  const remaining = (from: keyof typeof CHECKS, reason: string) => {
    const names = Object.keys(CHECKS) as Array<keyof typeof CHECKS>;
    for (const key of names.slice(names.indexOf(from)))
      checks.notRun(CHECKS[key], reason);
    for (const name of Object.values(LIVE_CHECKS)) checks.notRun(name, reason);
  };
  const finish = () => {
    if (options.results) checks.write(options.results);
    const passed = checks.results.length - checks.failed;
    log(`${passed} passed, ${checks.failed} failed`);
    process.exitCode = checks.failed ? 1 : 0;
  };

  fs.mkdirSync(options.cacheDir, { recursive: true });
  const runDir = path.join(options.cacheDir, 'run');
  fs.rmSync(runDir, { recursive: true, force: true });
  fs.mkdirSync(runDir, { recursive: true });
  const logFile = path.join(runDir, 'commands.log');
  log(`README ${options.readme}; portal and logs under ${options.cacheDir}`);

  const published = publishedPackages(REPO_ROOT);
  const blocks = await checks.run(CHECKS.readme, async () => {
    const found = readMarkedBlocks(fs.readFileSync(options.readme, 'utf8'));
    failList(missingFromSteps(found, published), 'gaps in the README');
    return found;
  });
  if (!blocks) {
    remaining('pluginReadmes', "the README's steps are incomplete");
    return finish();
  }
  await checks.run(CHECKS.pluginReadmes, async () => {
    const copies = published.map(({ dir }) => ({
      file: path.relative(REPO_ROOT, path.join(dir, 'README.md')),
      blocks: readMarkedBlocks(
        fs.readFileSync(path.join(dir, 'README.md'), 'utf8'),
      ),
    }));
    failList(
      divergentCopies(blocks, copies),
      "plugin READMEs that differ from the README's steps",
    );
  });
  const block = (step: string): ReadmeBlock => requireBlock(blocks, step);

  const kubectl = requireKubectl();
  const shell: Omit<PortalShell, 'dir'> = {
    // Yarn on CI refuses to change a lockfile unless told; the portal's installs are meant to
    env: {
      ...process.env,
      YARN_ENABLE_IMMUTABLE_INSTALLS: 'false',
      YARN_ENABLE_TELEMETRY: '0',
    },
    logFile,
    knownPins: readJson(path.join(REPO_ROOT, 'package.json')).resolutions ?? {},
  };

  const portal = await checks.run(CHECKS.portal, async () => {
    const made = await basePortal({
      cacheDir: options.cacheDir,
      bumpBlock: block(STEPS.bump),
      shell,
    });
    log(
      `portal ${made.dir} (${
        made.reused ? 'cached, reset to its base commit' : 'new'
      })`,
    );
    return made.dir;
  });
  if (!portal) {
    remaining('pack', 'no portal');
    return finish();
  }
  const portalShell: PortalShell = { ...shell, dir: portal };

  const packed = await checks.run(CHECKS.pack, async () => {
    for (const command of shellCommands(block(STEPS.pack))) {
      await mustRun(command.split(PORTAL_PLACEHOLDER).join(portal), {
        cwd: REPO_ROOT,
        env: process.env,
        logFile,
      });
    }
    return published.map(pkg => {
      const tarball = path.join(
        portal,
        'gitops-packages',
        `${pkg.name.replace(/^@/, '').replace('/', '-')}.tgz`,
      );
      if (!fs.existsSync(tarball)) {
        throw new Error(
          `the pack step wrote no ${path.relative(portal, tarball)} for ${
            pkg.name
          }`,
        );
      }
      return readPacked(
        pkg,
        tarball,
        path.join(runDir, 'packed', path.basename(tarball, '.tgz')),
      );
    });
  });
  if (!packed) {
    remaining('manifests', 'nothing was packed');
    return finish();
  }

  await checks.run(CHECKS.manifests, async () => {
    const privateNames = privatePackageNames(REPO_ROOT);
    failList(
      packed.flatMap(pkg => [
        ...privateReferences(pkg.manifest, privateNames).map(
          p => `${pkg.name}: ${p}`,
        ),
        ...entryPointProblems(pkg.manifest, pkg.files).map(
          p => `${pkg.name}: ${p}`,
        ),
      ]),
      'problems in the packed manifests',
    );
  });

  await checks.run(CHECKS.imports, async () => {
    failList(
      packed.flatMap(pkg =>
        undeclaredImports(pkg.manifest, pkg.dist).map(
          found =>
            `${pkg.name} ${found.file} imports '${found.specifier}', but ${found.packageName} is not in its dependencies`,
        ),
      ),
      'undeclared imports',
    );
  });

  const installed = await checks.run(CHECKS.install, async () => {
    const manifest = path.join(portal, 'package.json');
    fs.writeFileSync(
      manifest,
      applyBlock(
        block(STEPS.tarballResolutions),
        fs.readFileSync(manifest, 'utf8'),
      ),
    );
    for (const command of shellCommands(block(STEPS.install))) {
      await runInPortal(portalShell, command);
    }
    const problems: string[] = [];
    for (const pkg of packed) {
      const dir = path.join(portal, 'node_modules', pkg.name);
      if (!fs.existsSync(dir) || fs.lstatSync(dir).isSymbolicLink()) {
        problems.push(
          `${pkg.name} is not installed as a package in node_modules`,
        );
      } else if (
        JSON.stringify(readJson(path.join(dir, 'package.json'))) !==
        JSON.stringify(pkg.manifest)
      ) {
        problems.push(`node_modules/${pkg.name} is not the packed ${pkg.name}`);
      }
    }
    failList(problems, 'packages not installed from the tarballs');
    return true;
  });
  if (!installed) {
    remaining('oneCopy', 'the tarballs are not installed');
    return finish();
  }

  await checks.run(CHECKS.oneCopy, async () => {
    const ourBackstageDependencies = new Set(
      packed.flatMap(pkg =>
        Object.keys({
          ...pkg.manifest.dependencies,
          ...pkg.manifest.peerDependencies,
        }).filter(name => name.startsWith('@backstage/')),
      ),
    );
    const copies = installedCopies(portal);
    const apart = copiesApartFromOurs(
      copies,
      ourBackstageDependencies,
      '@backstage-gitops',
    );
    const allBackstage = new Set(
      copies.map(c => c.name).filter(n => n.startsWith('@backstage/')),
    );
    for (const [name, found] of duplicated(copies, allBackstage)) {
      if (!found.some(copy => apart.includes(copy))) {
        log(
          `note: the portal has ${
            found.length
          } copies of ${name}, none ours to fix: ${found
            .map(c => `${c.version} in ${c.dir}`)
            .join(', ')}`,
        );
      }
    }
    failList(
      apart.map(c => `${c.name} ${c.version} in ${c.dir}`),
      'copies of Backstage packages our packages would not share with the portal',
    );
    log(
      `our packages share the portal's one copy of each of the ${ourBackstageDependencies.size} Backstage packages they depend on`,
    );
  });

  await checks.run(CHECKS.discovery, async () => {
    const frontend = packed.find(pkg => pkg.role === 'frontend-plugin');
    if (!frontend)
      throw new Error('no frontend plugin among the published packages');
    const features = readJson(
      path.join(portal, 'node_modules', frontend.name, 'package.json'),
    ).backstage?.features;
    if (features?.['./alpha'] !== '@backstage/FrontendPlugin') {
      throw new Error(
        `${
          frontend.name
        }'s packed manifest does not declare ./alpha as a @backstage/FrontendPlugin feature (backstage.features: ${JSON.stringify(
          features,
        )})`,
      );
    }
    if (
      !readJson(path.join(portal, 'packages/app/package.json')).dependencies?.[
        frontend.name
      ]
    ) {
      throw new Error(`packages/app does not depend on ${frontend.name}`);
    }
    if (
      parse(fs.readFileSync(path.join(portal, 'app-config.yaml'), 'utf8'))?.app
        ?.packages !== 'all'
    ) {
      throw new Error(
        "the portal's app-config.yaml does not say app.packages: all",
      );
    }
  });

  const wired = await checks.run(CHECKS.wiring, async () => {
    for (const step of FILE_STEPS) {
      const readmeBlock = block(step);
      const target = readmeBlock.attributes.file;
      if (!target)
        throw new Error(
          `step '${step}' (README line ${readmeBlock.line}) names no file=`,
        );
      const file = path.join(
        portal,
        'legacy' in readmeBlock.attributes
          ? target.replace(/^packages\/app\//, `${LEGACY_APP_DIR}/`)
          : target,
      );
      const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
      fs.writeFileSync(file, applyBlock(readmeBlock, current));
    }
    return true;
  });

  await checks.run(CHECKS.config, async () => {
    if (!wired) throw new Error('the wiring did not apply');
    const result = await runCommand(
      'yarn backstage-cli config:check --lax --strict --config app-config.yaml --config app-config.production.yaml',
      { cwd: portal, env: shell.env, logFile },
    );
    if (result.code === 0) return;
    const ours = new Set(
      [STEPS.appConfig, STEPS.productionConfig].flatMap(step =>
        Object.keys(parse(block(step).code) ?? {}),
      ),
    );
    const problems = result.output
      .split('\n')
      .filter(line => / at \/\S*/.test(line))
      .map(line => line.trim());
    const oursProblems = problems.filter(line =>
      ours.has(/ at \/([^/\s]+)/.exec(line)![1]),
    );
    if (problems.length && oursProblems.length === 0) {
      log(
        `note: the strict check finds only problems outside the README's keys:\n  ${problems.join(
          '\n  ',
        )}`,
      );
      return;
    }
    throw new Error(
      oursProblems.length
        ? `the README's config does not match the installed packages' schema:\n  ${oursProblems.join(
            '\n  ',
          )}`
        : `config:check failed:\n${tail(result.output)}`,
    );
  });

  await checks.run(CHECKS.recipe, async () => {
    if (!wired) throw new Error('the wiring did not apply');
    const config = (file: string) =>
      parse(fs.readFileSync(path.join(portal, file), 'utf8'));
    failList(
      recipeProblems({
        base: parseDockerfile(
          fs.readFileSync(
            path.join(portal, 'packages/backend/Dockerfile'),
            'utf8',
          ),
        ),
        recipe: parseDockerfile(
          fs.readFileSync(path.join(REPO_ROOT, RECIPE), 'utf8'),
        ),
        spawnSites: packed.flatMap(pkg =>
          spawnSites(pkg.dist).map(site => ({
            ...site,
            packageName: pkg.name,
          })),
        ),
        productionConfig: mergeConfig(
          config('app-config.yaml'),
          config('app-config.production.yaml'),
        ),
      }),
      `problems with ${RECIPE}`,
    );
  });

  await checks.run(CHECKS.typecheck, async () => {
    if (!wired) throw new Error('the wiring did not apply');
    const result = await runCommand('yarn tsc', {
      cwd: portal,
      env: shell.env,
      logFile,
    });
    if (result.code !== 0) {
      throw new Error(
        `yarn tsc in the portal found errors:\n${tail(result.output, 40)}`,
      );
    }
  });

  if (!wired) {
    for (const name of Object.values(LIVE_CHECKS))
      checks.notRun(name, 'the wiring did not apply');
    return finish();
  }
  const backendPackage = packed.find(pkg => pkg.role === 'backend-plugin')!;
  await liveChecks({
    checks,
    portalDir: portal,
    runDir,
    env: shell.env,
    postgresUrl: options.postgres,
    kubectl,
    appConfigBlock: block(STEPS.appConfig),
    clusterAccessBlock: block(STEPS.clusterAccess),
    backendPackage: `${backendPackage.name} ${
      backendPackage.manifest.version
    } from node_modules/${
      backendPackage.name
    }/${backendPackage.manifest.main?.replace(
      /^\.\//,
      '',
    )} (tarball sha256 ${backendPackage.sha256.slice(0, 12)})`,
  });
  return finish();
}

main().catch(error => {
  // eslint-disable-next-line no-console
  console.error(error);
  process.exit(1);
});
