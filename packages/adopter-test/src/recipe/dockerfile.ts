/**
 * Reads a Dockerfile far enough to check a recipe without building it (building images is out of
 * reach where the tests run): its instructions per stage, the files the final stage copies in from
 * other stages, the folders it prepares and the user it runs as.
 */
export interface Instruction {
  keyword: string;
  args: string;
  /** 1-based line where the instruction starts. */
  line: number;
  /** 0 for the first FROM's stage, 1 for the next, … */
  stage: number;
}

export function parseDockerfile(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  const lines = text.split('\n');
  let stage = -1;
  for (let index = 0; index < lines.length; index++) {
    const first = lines[index].trim();
    if (first === '' || first.startsWith('#')) continue;
    const start = index;
    let joined = first;
    while (joined.endsWith('\\') && index + 1 < lines.length) {
      index++;
      const next = lines[index].trim();
      if (next.startsWith('#')) continue; // comments may sit inside a continued instruction
      joined = `${joined.slice(0, -1).trimEnd()} ${next}`;
    }
    const match = /^(\w+)\s*(.*)$/.exec(joined);
    if (!match) continue;
    const keyword = match[1].toUpperCase();
    if (keyword === 'FROM') stage++;
    instructions.push({
      keyword,
      args: match[2].replace(/\s+/g, ' ').trim(),
      line: start + 1,
      stage: Math.max(stage, 0),
    });
  }
  return instructions;
}

const text = (instruction: Instruction) =>
  `${instruction.keyword} ${instruction.args}`;

/**
 * The instructions of `base` that `recipe` does not keep, in order: a recipe built on create-app's
 * backend Dockerfile must still contain each of its instructions, in the same order.
 */
export function droppedInstructions(
  base: Instruction[],
  recipe: Instruction[],
): Instruction[] {
  const dropped: Instruction[] = [];
  let at = 0;
  const remaining = recipe.map(text);
  for (const instruction of base) {
    const found = remaining.indexOf(text(instruction), at);
    if (found < 0) dropped.push(instruction);
    else at = found + 1;
  }
  return dropped;
}

function finalStage(instructions: Instruction[]): Instruction[] {
  const last = Math.max(0, ...instructions.map(i => i.stage));
  return instructions.filter(i => i.stage === last);
}

/** Shell-ish words of an instruction's arguments, flags dropped. */
function words(args: string): string[] {
  return args.split(' ').filter(word => word && !word.startsWith('--'));
}

/** Paths the final stage copies in from another stage (`COPY --from=…`). */
export function filesFromOtherStages(instructions: Instruction[]): string[] {
  return finalStage(instructions)
    .filter(i => i.keyword === 'COPY' && /--from=/.test(i.args))
    .flatMap(i => {
      const paths = words(i.args);
      const destination = paths.pop()!;
      if (!destination.endsWith('/')) return [destination];
      return paths.map(source => `${destination}${source.split('/').pop()}`);
    });
}

/** The user the image runs as: the final stage's last USER (root without one). */
export function runtimeUser(instructions: Instruction[]): string {
  const users = finalStage(instructions).filter(i => i.keyword === 'USER');
  return users.length ? users[users.length - 1].args.split(':')[0] : 'root';
}

/** Folders the final stage creates with `mkdir` and hands to a user with `chown`, by path. */
export function preparedDirectories(
  instructions: Instruction[],
): Map<string, string | undefined> {
  const prepared = new Map<string, string | undefined>();
  for (const instruction of finalStage(instructions)) {
    if (instruction.keyword !== 'RUN') continue;
    for (const command of instruction.args.split(/&&|;/)) {
      const [program, ...rest] = command
        .trim()
        .split(' ')
        .filter(word => word && !word.startsWith('-'));
      if (program === 'mkdir') {
        for (const dir of rest)
          if (!prepared.has(dir)) prepared.set(dir, undefined);
      } else if (program === 'chown' && rest.length > 1) {
        const owner = rest[0].split(':')[0];
        for (const dir of rest.slice(1))
          if (prepared.has(dir)) prepared.set(dir, owner);
      }
    }
  }
  return prepared;
}
