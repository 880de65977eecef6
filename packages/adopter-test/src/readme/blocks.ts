/**
 * The README's adopter steps, as the adopter test reads them: every fenced code block that follows
 * an HTML comment `<!-- adopter-test: <step> key=value … -->`. The comment is invisible on the
 * rendered page; it names the step and, for code that goes into a file, where it goes.
 */
export interface ReadmeBlock {
  step: string;
  /** `file=packages/backend/src/index.ts`, `before="backend.start();"`, a bare `legacy` is `''`. */
  attributes: Record<string, string>;
  /** The fence's info string: `sh`, `ts`, `tsx`, `yaml`, `json`. */
  language: string;
  code: string;
  /** 1-based line of the marker, for messages. */
  line: number;
}

export class ReadmeError extends Error {
  name = 'ReadmeError';
}

const MARKER = /^<!--\s*adopter-test:\s*([\w-]+)(.*?)\s*-->\s*$/;
const ATTRIBUTE = /([\w-]+)(?:=(?:"([^"]*)"|'([^']*)'|(\S+)))?/g;
const FENCE = /^(```+|~~~+)\s*([\w-]*)/;

function parseAttributes(text: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const match of text.matchAll(ATTRIBUTE)) {
    attributes[match[1]] = match[2] ?? match[3] ?? match[4] ?? '';
  }
  return attributes;
}

/** Every marked block, in README order; a marker without a code block after it is an error. */
export function readMarkedBlocks(markdown: string): ReadmeBlock[] {
  const lines = markdown.split('\n');
  const blocks: ReadmeBlock[] = [];
  for (let index = 0; index < lines.length; index++) {
    const marker = MARKER.exec(lines[index]);
    if (!marker) continue;
    // blank lines and a `<!-- prettier-ignore -->` may sit between the marker and its block
    let open = index + 1;
    while (
      open < lines.length &&
      (lines[open].trim() === '' ||
        /^<!--\s*prettier-ignore\s*-->$/.test(lines[open].trim()))
    ) {
      open++;
    }
    const fence = FENCE.exec(lines[open] ?? '');
    if (!fence) {
      throw new ReadmeError(
        `README line ${index + 1}: the marker 'adopter-test: ${
          marker[1]
        }' is not followed by a code block`,
      );
    }
    const close = lines.findIndex(
      (line, at) => at > open && line.trim() === fence[1],
    );
    if (close < 0) {
      throw new ReadmeError(
        `README line ${open + 1}: the code block of step '${
          marker[1]
        }' is not closed`,
      );
    }
    blocks.push({
      step: marker[1],
      attributes: parseAttributes(marker[2]),
      language: fence[2],
      code: lines.slice(open + 1, close).join('\n'),
      line: index + 1,
    });
    index = close;
  }
  return blocks;
}

/** The one block of a step, or an error that names the marker the README lacks. */
export function requireBlock(blocks: ReadmeBlock[], step: string): ReadmeBlock {
  const found = blocks.filter(block => block.step === step);
  if (found.length === 0) {
    throw new ReadmeError(
      `the README has no code block marked <!-- adopter-test: ${step} -->`,
    );
  }
  if (found.length > 1) {
    throw new ReadmeError(
      `the README marks ${
        found.length
      } code blocks as step '${step}' (lines ${found
        .map(block => block.line)
        .join(', ')}); each step is one block`,
    );
  }
  return found[0];
}

/**
 * The commands of a shell block: comment lines dropped, `\` continuations joined, one entry per
 * command line.
 */
export function shellCommands(block: ReadmeBlock): string[] {
  const commands: string[] = [];
  let pending = '';
  for (const raw of block.code.split('\n')) {
    const line = raw.trim();
    if (!pending && (line === '' || line.startsWith('#'))) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1).trim()} `;
      continue;
    }
    commands.push(`${pending}${line}`.trim());
    pending = '';
  }
  if (pending) commands.push(pending.trim());
  return commands;
}
