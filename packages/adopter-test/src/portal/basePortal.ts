import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mustRun, runCommand } from '../exec';
import { ReadmeBlock, shellCommands } from '../readme/blocks';
import { log } from '../results';
import { PortalShell, runInPortal } from './yarn';

/** The create-app release the test generates portals with: the newest on the registry. */
export const CREATE_APP_VERSION = '0.9.2';

/** Where the legacy frontend system's app lives in the test's portal (create-app --legacy's packages/app). */
export const LEGACY_APP_DIR = 'packages/app-legacy';

/** Changes whenever the way the base portal is made changes, so a cached one is made again. */
const BASE_LAYOUT = 1;

const GIT =
  '-c user.name=adopter-test -c user.email=adopter-test@example.invalid';

/** The release manifest host is out of reach (a machine without general internet access). */
const MANIFEST_UNREACHABLE =
  /fetch failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|ECONNRESET/;

/**
 * The README's bump step. `versions:bump` reads the release manifest from the Backstage website;
 * where that is out of reach, bumping every Backstage package to the registry's newest release
 * gives the same ranges while the newest release is the current one.
 */
async function bump(shell: PortalShell, block: ReadmeBlock) {
  for (const command of shellCommands(block)) {
    const result = await runCommand(command, {
      cwd: shell.dir,
      env: shell.env,
      logFile: shell.logFile,
    });
    if (result.code === 0) continue;
    if (
      command.includes('versions:bump') &&
      MANIFEST_UNREACHABLE.test(result.output)
    ) {
      log(
        "the release manifest is out of reach from here: bumping with yarn up '@backstage/*' (the registry's newest) instead",
      );
      await runInPortal(shell, "yarn up '@backstage/*'");
      continue;
    }
    throw new Error(
      `the README's bump step '${command}' failed:\n${result.output.slice(
        -2000,
      )}`,
    );
  }
}

/**
 * A new create-app portal, installed and brought to the current release as the README's bump
 * step says, with create-app's legacy app beside the default one (as packages/app-legacy) so both
 * frontend systems' wiring can be checked. Made once and cached (keyed by the create-app release,
 * the bump step and this recipe); every run starts from its committed state: `git reset --hard`
 * and `git clean` leave node_modules, so the installs of a run only add the tarballs.
 */
export async function basePortal(options: {
  cacheDir: string;
  bumpBlock: ReadmeBlock;
  shell: Omit<PortalShell, 'dir'>;
}): Promise<{ dir: string; reused: boolean }> {
  const dir = path.join(options.cacheDir, 'portal');
  const key = crypto
    .createHash('sha256')
    .update(`${CREATE_APP_VERSION}\n${options.bumpBlock.code}\n${BASE_LAYOUT}`)
    .digest('hex')
    .slice(0, 16);
  const stamp = path.join(options.cacheDir, 'portal.key');
  const shell: PortalShell = { ...options.shell, dir };
  const git = (args: string) => mustRun(`git ${GIT} ${args}`, { cwd: dir });

  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === key) {
    await git('reset -q --hard base');
    await git('clean -q -fd');
    return { dir, reused: true };
  }

  log(
    `making a new portal with @backstage/create-app@${CREATE_APP_VERSION} (cached for later runs)`,
  );
  fs.rmSync(stamp, { force: true });
  fs.rmSync(dir, { recursive: true, force: true });
  const legacy = fs.mkdtempSync(path.join(os.tmpdir(), 'adopter-legacy-'));
  try {
    const createApp = (args: string) =>
      mustRun(
        `npx --yes @backstage/create-app@${CREATE_APP_VERSION} --skip-install ${args}`,
        {
          cwd: options.cacheDir,
          env: { ...shell.env, BACKSTAGE_APP_NAME: 'portal' },
          logFile: shell.logFile,
        },
      );
    await createApp(`--path ${dir}`);
    await createApp(`--legacy --path ${path.join(legacy, 'portal')}`);
    const legacyApp = path.join(dir, LEGACY_APP_DIR);
    fs.cpSync(path.join(legacy, 'portal/packages/app'), legacyApp, {
      recursive: true,
    });
    const manifestFile = path.join(legacyApp, 'package.json');
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
    manifest.name = 'app-legacy';
    fs.writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  } finally {
    fs.rmSync(legacy, { recursive: true, force: true });
  }

  log('installing the new portal (the first time takes several minutes)');
  await runInPortal(shell, 'yarn install');
  await bump(shell, options.bumpBlock);
  if (!fs.existsSync(path.join(dir, '.git'))) await git('init -q');
  await git('add -A');
  await git('commit -q -m "create-app portal, bumped as the README says"');
  await git('tag -f base');
  fs.writeFileSync(stamp, key);
  return { dir, reused: false };
}
