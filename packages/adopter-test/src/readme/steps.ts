import {
  ReadmeBlock,
  ReadmeError,
  requireBlock,
  shellCommands,
} from './blocks';

/** The steps of the README's "Install in your portal" section, in the order an adopter takes them. */
export const STEPS = {
  /** Bring the portal to the Backstage release the packages are built against. */
  bump: 'bump',
  /** In a clone of this repository: build and pack the packages into a folder of the portal. */
  pack: 'pack',
  /** The portal's root package.json: resolutions that point at the packed tarballs. */
  tarballResolutions: 'tarball-resolutions',
  /** `yarn --cwd packages/… add …` lines. */
  install: 'install',
  backendWiring: 'backend-wiring',
  newFrontend: 'new-frontend',
  legacyEntityCard: 'legacy-entity-card',
  legacyEntityTab: 'legacy-entity-tab',
  legacyRoute: 'legacy-route',
  legacySidebar: 'legacy-sidebar',
  appConfig: 'app-config',
  productionConfig: 'production-config',
  /** The service account the backend reaches a cluster with. */
  clusterAccess: 'cluster-access',
} as const;

/** Code blocks applied to a file of the portal, in this order. */
export const FILE_STEPS = [
  STEPS.backendWiring,
  STEPS.newFrontend,
  STEPS.legacyEntityCard,
  STEPS.legacyEntityTab,
  STEPS.legacyRoute,
  STEPS.legacySidebar,
  STEPS.appConfig,
  STEPS.productionConfig,
];

/** Where the pack step's folder lives; the test puts its own portal there. */
export const PORTAL_PLACEHOLDER = '/path/to/portal';

export interface PublishedPackage {
  name: string;
  /** backstage.role: `backend-plugin`, `backend-plugin-module`, `frontend-plugin`, … */
  role: string;
}

const BACKEND_ROLES = ['backend-plugin', 'backend-plugin-module'];

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** `backend.add(import('name'))`, however a formatter wrapped it. */
function addsToBackend(code: string, name: string): boolean {
  return new RegExp(
    `backend\\.add\\(\\s*import\\(\\s*['"]${escape(
      name,
    )}['"]\\s*\\)\\s*,?\\s*\\)`,
  ).test(code);
}

/**
 * What the README's steps must say for a portal to get every published package installed and
 * wired: cheap to check before anything is built, and the first message a broken README gets.
 * Returns one sentence per gap.
 */
export function missingFromSteps(
  blocks: ReadmeBlock[],
  published: PublishedPackage[],
): string[] {
  const gaps: string[] = [];
  for (const step of Object.values(STEPS)) {
    try {
      requireBlock(blocks, step);
    } catch (error) {
      gaps.push((error as ReadmeError).message);
    }
  }
  if (gaps.length) return gaps;

  const block = (step: string) => requireBlock(blocks, step);
  const installs = shellCommands(block(STEPS.install));
  const adds = (workspace: string, name: string) =>
    installs.some(
      command =>
        new RegExp(`--cwd\\s+${workspace}\\s+add\\b`).test(command) &&
        command
          .split(/\s+/)
          .some(word => word === name || word.startsWith(`${name}@`)),
    );
  const resolutions = block(STEPS.tarballResolutions).code;
  const wiring = block(STEPS.backendWiring).code;

  for (const { name, role } of published) {
    if (!resolutions.includes(`"${name}"`)) {
      gaps.push(
        `the ${STEPS.tarballResolutions} step does not point ${name} at its tarball`,
      );
    }
    if (BACKEND_ROLES.includes(role)) {
      if (!adds('packages/backend', name)) {
        gaps.push(
          `the ${STEPS.install} step does not add ${name} to packages/backend`,
        );
      }
      if (!addsToBackend(wiring, name)) {
        gaps.push(
          `the ${STEPS.backendWiring} step does not add ${name} to the backend`,
        );
      }
    }
    if (role === 'frontend-plugin') {
      if (!adds('packages/app', name)) {
        gaps.push(
          `the ${STEPS.install} step does not add ${name} to packages/app`,
        );
      }
      if (!block(STEPS.newFrontend).code.includes(`'${name}/alpha'`)) {
        gaps.push(
          `the ${STEPS.newFrontend} step does not import ${name}/alpha`,
        );
      }
    }
  }
  if (!block(STEPS.pack).code.includes(PORTAL_PLACEHOLDER)) {
    gaps.push(
      `the ${STEPS.pack} step does not pack into a folder below ${PORTAL_PLACEHOLDER}`,
    );
  }
  return gaps;
}

/**
 * Each plugin's README repeats the steps that concern it; a block there marked with a step must be
 * the root README's block of that step, word for word, so only one copy of each step is tested and
 * none can drift. Returns one sentence per difference.
 */
export function divergentCopies(
  root: ReadmeBlock[],
  copies: Array<{ file: string; blocks: ReadmeBlock[] }>,
): string[] {
  const problems: string[] = [];
  for (const { file, blocks } of copies) {
    for (const copy of blocks) {
      const original = root.find(block => block.step === copy.step);
      if (!original) {
        problems.push(
          `${file} line ${copy.line} marks step '${copy.step}', which the README does not have`,
        );
      } else if (original.code !== copy.code) {
        problems.push(
          `${file} line ${copy.line}: step '${copy.step}' differs from the README's (line ${original.line})`,
        );
      }
    }
  }
  return problems;
}
