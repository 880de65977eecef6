import { isMap, parseDocument } from 'yaml';
import { ReadmeBlock, ReadmeError } from './blocks';

/**
 * Applies one README block to the current text of the file it names, the way an adopter would
 * paste it, and returns the new text. What the marker says decides how:
 * - `replace`: the block is the whole file;
 * - `merge` (yaml, json): the block's keys are merged into the file's (maps merge, anything else
 *   is replaced — Backstage merges config files the same way);
 * - `before="text"` / `after="text"`: the block's import statements join the file's imports, the
 *   rest goes before/after the first line containing the text;
 * - `into=name[,name]`: as above, as the last child of the JSX that `const name = ( … );` holds.
 * Whole-line `//` comments of inserted code are explanations for the reader and are left out
 * (inside JSX they would be text).
 */
export function applyBlock(block: ReadmeBlock, current: string): string {
  const { attributes } = block;
  const where = `step '${block.step}' (README line ${block.line})`;
  if ('replace' in attributes) return `${block.code.trimEnd()}\n`;
  if ('merge' in attributes) {
    if (block.language === 'yaml') return mergeYaml(current, block.code, where);
    if (block.language === 'json') return mergeJson(current, block.code, where);
    throw new ReadmeError(`${where}: only yaml and json blocks can be merged`);
  }
  const { imports, body } = splitImports(block.code);
  if (/>;\s*$/.test(body[body.length - 1] ?? '')) {
    // a formatter's statement semicolon: pasted among JSX children it would render as text
    throw new ReadmeError(
      `${where}: the JSX ends with ';', which would show as text where it is pasted (<!-- prettier-ignore --> keeps a formatter from adding it)`,
    );
  }
  let text = addImports(current, imports);
  if (attributes.before !== undefined || attributes.after !== undefined) {
    const anchor = attributes.before ?? attributes.after;
    text = insertAtAnchor(
      text,
      body,
      anchor,
      attributes.before !== undefined ? 'before' : 'after',
      where,
    );
  } else if (attributes.into !== undefined) {
    for (const name of attributes.into.split(',').filter(Boolean)) {
      text = insertIntoConst(text, body, name.trim(), where);
    }
  } else {
    throw new ReadmeError(
      `${where}: the marker says neither replace, merge, before=, after= nor into=`,
    );
  }
  return text;
}

/** Import statements (possibly multi-line) at the top of a code block, and the rest. */
export function splitImports(code: string): {
  imports: string[];
  body: string[];
} {
  const imports: string[] = [];
  const body: string[] = [];
  let statement: string[] | undefined;
  for (const line of code.split('\n')) {
    if (statement) {
      statement.push(line);
      if (line.trimEnd().endsWith(';')) {
        imports.push(statement.join('\n'));
        statement = undefined;
      }
    } else if (/^import[\s{]/.test(line)) {
      if (line.trimEnd().endsWith(';')) imports.push(line);
      else statement = [line];
    } else if (!/^\s*\/\//.test(line)) {
      body.push(line);
    }
  }
  while (body.length && body[0].trim() === '') body.shift();
  while (body.length && body[body.length - 1].trim() === '') body.pop();
  return { imports, body };
}

const normalize = (statement: string) => statement.replace(/\s+/g, ' ').trim();

/** Adds the statements after the file's last top-level import (a statement already there is kept once). */
export function addImports(text: string, imports: string[]): string {
  const existing = new Set<string>();
  const lines = text.split('\n');
  let lastImportEnd = -1;
  for (let index = 0; index < lines.length; index++) {
    if (!/^import[\s{]/.test(lines[index])) continue;
    const start = index;
    while (index < lines.length && !lines[index].trimEnd().endsWith(';'))
      index++;
    existing.add(normalize(lines.slice(start, index + 1).join('\n')));
    lastImportEnd = index;
  }
  const added = imports.filter(
    statement => !existing.has(normalize(statement)),
  );
  if (added.length === 0) return text;
  lines.splice(lastImportEnd + 1, 0, ...added);
  return lines.join('\n');
}

function reindent(body: string[], indent: string): string[] {
  const widths = body
    .filter(line => line.trim() !== '')
    .map(line => line.length - line.trimStart().length);
  const common = widths.length ? Math.min(...widths) : 0;
  return body.map(line =>
    line.trim() === '' ? '' : `${indent}${line.slice(common)}`,
  );
}

const indentOf = (line: string) => /^\s*/.exec(line)![0];

function insertAtAnchor(
  text: string,
  body: string[],
  anchor: string,
  position: 'before' | 'after',
  where: string,
): string {
  const lines = text.split('\n');
  const index = lines.findIndex(line => line.includes(anchor));
  if (index < 0) {
    throw new ReadmeError(
      `${where}: the file has no line containing '${anchor}' to insert the block ${position}`,
    );
  }
  const inserted = reindent(body, indentOf(lines[index]));
  lines.splice(position === 'before' ? index : index + 1, 0, ...inserted);
  return lines.join('\n');
}

/** Inserts the body as the last child of the outermost JSX element of `const name = ( … );`. */
function insertIntoConst(
  text: string,
  body: string[],
  name: string,
  where: string,
): string {
  const lines = text.split('\n');
  const start = lines.findIndex(line =>
    new RegExp(`^\\s*(export\\s+)?const\\s+${name}\\s*=\\s*\\($`).test(line),
  );
  if (start < 0) {
    throw new ReadmeError(
      `${where}: the file declares no 'const ${name} = (' to add the block to`,
    );
  }
  const end = lines.findIndex(
    (line, at) => at > start && /^\s*\);\s*$/.test(line),
  );
  if (end < 0 || end - 1 <= start) {
    throw new ReadmeError(
      `${where}: 'const ${name} = (' is not closed by ');'`,
    );
  }
  const closingTag = lines[end - 1];
  const inserted = reindent(body, `${indentOf(closingTag)}  `);
  lines.splice(end - 1, 0, ...inserted);
  return lines.join('\n');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mergeYaml(current: string, code: string, where: string): string {
  const document = parseDocument(current);
  const addition = parseDocument(code);
  if (document.errors.length || addition.errors.length) {
    throw new ReadmeError(
      `${where}: YAML does not parse: ${
        [...addition.errors, ...document.errors][0].message
      }`,
    );
  }
  const value = addition.toJS();
  if (!isPlainObject(value)) {
    throw new ReadmeError(`${where}: the YAML block is not a map of settings`);
  }
  const visit = (path: string[], entries: Record<string, unknown>) => {
    for (const [key, child] of Object.entries(entries)) {
      const at = [...path, key];
      if (isPlainObject(child) && isMap(document.getIn(at, true))) {
        visit(at, child);
      } else {
        document.setIn(at, child);
      }
    }
  };
  visit([], value);
  return document.toString();
}

function mergeJson(current: string, code: string, where: string): string {
  let addition: unknown;
  try {
    addition = JSON.parse(code);
  } catch (error) {
    throw new ReadmeError(
      `${where}: JSON does not parse: ${(error as Error).message}`,
    );
  }
  if (!isPlainObject(addition)) {
    throw new ReadmeError(`${where}: the JSON block is not an object`);
  }
  const merge = (
    target: Record<string, unknown>,
    source: Record<string, unknown>,
  ) => {
    for (const [key, value] of Object.entries(source)) {
      const existing = target[key];
      if (isPlainObject(value) && isPlainObject(existing))
        merge(existing, value);
      else target[key] = value;
    }
    return target;
  };
  return `${JSON.stringify(merge(JSON.parse(current), addition), null, 2)}\n`;
}
