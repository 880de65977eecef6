import fs from 'node:fs';
import path from 'node:path';
import { runCommand, tail } from '../exec';
import { log } from '../results';

/** `name@npm:version: No candidates found`: the registry lacks that exact version. */
const MISSING = /(@?[^@\s│]+)@npm:([^:\s]+): No candidates found/g;

export interface PortalShell {
  dir: string;
  env: NodeJS.ProcessEnv;
  logFile: string;
  /**
   * Pins this machine's registry needs (our own root `resolutions` for optional builds of other
   * platforms that it lacks at their newest versions); applied to the portal only when an install
   * fails for exactly those packages, so the portal stays stock elsewhere.
   */
  knownPins: Record<string, string>;
}

function addPins(portalDir: string, pins: Record<string, string>) {
  const file = path.join(portalDir, 'package.json');
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
  manifest.resolutions = { ...manifest.resolutions, ...pins };
  fs.writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
}

/**
 * Runs one of the README's yarn lines in the portal. When the registry lacks an optional build
 * that our own repository pins too, the same pin is added to the portal and the line runs again.
 */
export async function runInPortal(
  shell: PortalShell,
  commandLine: string,
): Promise<string> {
  const options = { cwd: shell.dir, env: shell.env, logFile: shell.logFile };
  const first = await runCommand(commandLine, options);
  if (first.code === 0) return first.output;
  const missing = [...first.output.matchAll(MISSING)].map(match => match[1]);
  const pins = Object.fromEntries(
    missing
      .filter(name => shell.knownPins[name])
      .map(name => [name, shell.knownPins[name]]),
  );
  if (
    missing.length === 0 ||
    Object.keys(pins).length !== new Set(missing).size
  ) {
    throw new Error(
      `'${commandLine}' in ${shell.dir} exited with code ${first.code}:\n${tail(
        first.output,
      )}`,
    );
  }
  log(
    `this registry lacks ${Object.keys(pins).join(
      ', ',
    )}: pinning them as our repository does, then again`,
  );
  addPins(shell.dir, pins);
  return runInPortal(shell, commandLine);
}
