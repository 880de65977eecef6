import { SpawnSite } from '../packed/distScan';
import {
  Instruction,
  droppedInstructions,
  filesFromOtherStages,
  preparedDirectories,
  runtimeUser,
} from './dockerfile';

/**
 * The programs the packed engine runs, by the argument it passes to spawn: the binary, and the
 * config key that names its path (default: the binary on the PATH). A new spawn site must be added
 * here and to the Dockerfile recipe before the check passes.
 */
export const PROGRAMS = [
  {
    argument: /kubectlPath$/,
    binary: 'kubectl',
    configKey: 'gitops.kubectlPath',
  },
];

/** Folders a node image has on its PATH. */
const PATH_DIRS = [
  '/usr/local/sbin',
  '/usr/local/bin',
  '/usr/sbin',
  '/usr/bin',
  '/sbin',
  '/bin',
];

function get(config: unknown, key: string): unknown {
  return key
    .split('.')
    .reduce<unknown>(
      (value, part) =>
        typeof value === 'object' && value !== null
          ? (value as Record<string, unknown>)[part]
          : undefined,
      config,
    );
}

export interface RecipeInput {
  /** create-app's packages/backend/Dockerfile, parsed. */
  base: Instruction[];
  /** Our recipe, parsed. */
  recipe: Instruction[];
  /** Where the packed packages start programs. */
  spawnSites: Array<SpawnSite & { packageName: string }>;
  /** The production config: app-config.yaml and app-config.production.yaml merged. */
  productionConfig: unknown;
}

/** Everything that would make the recipe's image differ from what the packages and config expect. */
export function recipeProblems(input: RecipeInput): string[] {
  const problems = droppedInstructions(input.base, input.recipe).map(
    instruction =>
      `the recipe drops create-app's '${instruction.keyword} ${instruction.args}' (its line ${instruction.line})`,
  );
  const installed = filesFromOtherStages(input.recipe);
  for (const site of input.spawnSites) {
    const program = PROGRAMS.find(known => known.argument.test(site.program));
    if (!program) {
      problems.push(
        `${site.packageName} ${site.file} runs '${site.program}', a program the recipe check does not know: install it in the recipe and add it to PROGRAMS`,
      );
      continue;
    }
    const configured = get(input.productionConfig, program.configKey);
    const path = typeof configured === 'string' ? configured : program.binary;
    const candidates = path.startsWith('/')
      ? [path]
      : PATH_DIRS.map(dir => `${dir}/${path}`);
    if (path.split('/').pop() !== program.binary) {
      problems.push(
        `${program.configKey} is ${path}, not a ${program.binary} binary`,
      );
    } else if (!candidates.some(candidate => installed.includes(candidate))) {
      problems.push(
        `${site.packageName} runs ${program.binary} from ${
          path.startsWith('/') ? path : `the PATH (${program.configKey} unset)`
        }, which the recipe does not install (it copies in: ${
          installed.join(', ') || 'nothing'
        })`,
      );
    }
  }
  const cacheDir = get(input.productionConfig, 'gitops.cacheDir');
  if (typeof cacheDir === 'string') {
    const user = runtimeUser(input.recipe);
    const owner = preparedDirectories(input.recipe).get(cacheDir);
    if (owner !== user) {
      problems.push(
        `gitops.cacheDir is ${cacheDir}, which the recipe does not create and hand to the user the backend runs as (${user})`,
      );
    }
  }
  return problems;
}
