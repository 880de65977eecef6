import { CORE_SCHEMA, loadAll } from 'js-yaml';
import { parseAllDocuments } from 'yaml';
import { RenderError } from './errors';

/** One object found in a manifest file, before validation. */
export interface ParsedDocument {
  object: Record<string, unknown>;
  /** 1-based index of the YAML document it came from. */
  documentIndex: number;
}

export interface ParseOptions {
  maxAliasCount: number;
  /** Parse as strict JSON (for `.json` files) instead of YAML. */
  json?: boolean;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Parses the text of one manifest file into objects: multi-document YAML, empty
 * documents skipped, `kind: List` (and any `*List` with `items`, as kubectl's resource
 * builder does) expanded to its items.
 */
export function parseManifestText(
  text: string,
  file: string,
  opts: ParseOptions,
): ParsedDocument[] {
  const values = opts.json
    ? [parseJson(text, file)]
    : parseYamlDocuments(text, file, opts.maxAliasCount);
  const out: ParsedDocument[] = [];
  values.forEach((value, i) => {
    const documentIndex = i + 1;
    if (value === null || value === undefined) return;
    if (!isPlainObject(value)) {
      throw new RenderError(
        `document is ${describe(
          value,
        )}, expected a Kubernetes object (a mapping with apiVersion, kind and metadata)`,
        { file, documentIndex },
      );
    }
    for (const object of expandList(value, file, documentIndex)) {
      out.push({ object, documentIndex });
    }
  });
  return out;
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    // V8's message quotes the text around the error, which may be a Secret value: position only
    throw new RenderError(
      `JSON parse error ${jsonErrorPosition(text, (e as Error).message)}`,
      {
        file,
        cause: e,
      },
    );
  }
}

/**
 * Tags and merge keys, where the two parsers below could differ, and null keys (`null:`, `~:`,
 * `:`), which they name differently. Also matches harmless text (a `!` or `<<` in a plain scalar);
 * such files just take the careful path.
 */
const NEEDS_CAREFUL_PARSE =
  /(^|[\s[{,])!\S|<<|^[\s-]*(null|Null|NULL|~)?:(\s|$)/m;
/** An anchor (`&a`) or an alias (`*a`), or text that looks like one (`&&` in a script). */
const ANCHOR_OR_ALIAS = /(^|[\s[{,])[&*]\S/m;
const ALIAS = /(^|[\s[{,])\*\S/gm;

/**
 * js-yaml's core schema is an order of magnitude faster than the `yaml` package, allocates a tenth
 * as much, and reads YAML 1.2 without tags or merge keys (Kustomize's output is such; so are most
 * hand-written files) to the same values. The `yaml` package stays the reference: every document
 * with those constructs, and every error (for its messages), goes through it. Anchors and aliases
 * take the fast path only while they cannot be an expansion attack: at most `maxAliasCount` alias
 * uses in the file, and the values, expanded, no more nodes than the file has characters. Anything
 * beyond goes to the reference parser, whose alias limit then decides.
 */
function parseYamlDocuments(
  text: string,
  file: string,
  maxAliasCount: number,
): unknown[] {
  if (!NEEDS_CAREFUL_PARSE.test(text)) {
    const aliased = ANCHOR_OR_ALIAS.test(text);
    if (!aliased || (text.match(ALIAS)?.length ?? 0) <= maxAliasCount) {
      try {
        const values = loadAll(text, null, { schema: CORE_SCHEMA });
        if (!aliased || expandsWithin(values, text.length)) return values;
      } catch {
        // the careful parser says what is wrong, and where
      }
    }
  }
  return parseYamlCarefully(text, file, maxAliasCount);
}

/** Whether walking `values` as JSON would (aliases expanded) visits at most `budget` nodes. */
function expandsWithin(values: unknown[], budget: number): boolean {
  let left = budget;
  const visit = (value: unknown): boolean => {
    if (--left < 0) return false;
    if (typeof value !== 'object' || value === null) return true;
    const children = Array.isArray(value) ? value : Object.values(value);
    return children.every(visit);
  };
  return values.every(visit);
}

function parseYamlCarefully(
  text: string,
  file: string,
  maxAliasCount: number,
): unknown[] {
  // `merge: true`: kubectl's YAML decoder honours `<<` merge keys, so we do too.
  const docs = parseAllDocuments(text, { merge: true, prettyErrors: true });
  if (!Array.isArray(docs)) return []; // an empty stream
  return docs.map((doc, i) => {
    const documentIndex = i + 1;
    const [error] = doc.errors;
    if (error) {
      const line = error.linePos?.[0]?.line;
      // prettyErrors appends " at line L, column C:" and a source excerpt; keep the first part.
      const reason = error.message.split(/ at line \d+/)[0];
      throw new RenderError(
        `YAML parse error${line ? ` at line ${line}` : ''}: ${reason}`,
        { file, documentIndex, cause: error },
      );
    }
    try {
      return doc.toJS({ maxAliasCount });
    } catch (e) {
      if (e instanceof ReferenceError) {
        throw new RenderError(
          `YAML aliases expand too much (more than ${maxAliasCount} alias uses); refusing a possible resource exhaustion attack`,
          { file, documentIndex, cause: e },
        );
      }
      throw new RenderError(`YAML error: ${(e as Error).message}`, {
        file,
        documentIndex,
        cause: e,
      });
    }
  });
}

function expandList(
  value: Record<string, unknown>,
  file: string,
  documentIndex: number,
): Record<string, unknown>[] {
  const kind = value.kind;
  if (
    typeof kind !== 'string' ||
    !kind.endsWith('List') ||
    !Array.isArray(value.items)
  ) {
    return [value];
  }
  return value.items.map((item, i) => {
    if (!isPlainObject(item)) {
      throw new RenderError(
        `item ${i + 1} of the ${kind} is ${describe(
          item,
        )}, expected a Kubernetes object`,
        { file, documentIndex },
      );
    }
    return item;
  });
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return `a ${typeof value}`;
}

/** "at line L column C" from V8's "… at position N …" (or "(line L column C)") message, never its quote. */
function jsonErrorPosition(text: string, message: string): string {
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return `at line ${lineColumn[1]} column ${lineColumn[2]}`;
  const position = /position (\d+)/.exec(message);
  if (!position) return 'in the document';
  const before = text.slice(0, Number(position[1])).split('\n');
  return `at line ${before.length} column ${
    before[before.length - 1].length + 1
  }`;
}
