/* eslint-disable jest/no-export -- declares tests for the files that import it; not a test file itself */
import fs from 'node:fs';
import path from 'node:path';

export const FIXTURES_DIR = path.resolve(__dirname, '../fixtures');

/** A file the test writes at run time instead of committing it (50 MB of bytes, thousands of objects). */
export type GeneratedFile =
  | { path: string; bytes: number; head: string; fill: string; tail: string }
  | { path: string; listItems: number };

export interface HttpCaseRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  /** JSON body. */
  body?: unknown;
  /** Body bytes sent exactly as written (webhooks are signed over these). */
  rawBody?: string;
  /** Makes the body this many bytes larger (JSON whitespace, or a `padding` field). */
  padBytes?: number;
  /** Webhooks: sign the body (default true), with another secret, or sign different bytes. */
  sign?: boolean;
  signWith?: string;
  signBody?: string;
  /** Webhooks: the delivery id header (default: a fresh id; null: none). */
  deliveryId?: string | null;
  /** Webhooks: deliver once (accepted), then again byte for byte; the second answer is the one checked. */
  sendTwice?: boolean;
  /** Webhooks: the signed timestamp lies this many seconds in the past (default 0). */
  signedSecondsAgo?: number;
}

/** Per-case options besides the repository files; every field is optional. */
export interface CaseOptions {
  /** Symbolic links to create, link path → target (`{{outside}}` is a folder outside the repository). */
  symlinks?: Record<string, string>;
  generate?: GeneratedFile[];
  /** Descriptor cases: leave the valid gitops.yaml out of the commit (the case brings its own, or none). */
  omitDescriptor?: boolean;
  /** Catalog annotations, for onboarding cases. */
  annotations?: Record<string, string>;
  /** An HTTP request, for webhook and API cases; strings may hold `{{placeholders}}`. */
  request?: HttpCaseRequest;
  /** What the response must be, for webhook and API cases (the message is in expected.txt). */
  status?: number;
  /**
   * A product bug this case exposes. The case still asserts the correct behaviour and runs as
   * `it.failing` until the bug is fixed (then jest reports it and this field goes).
   */
  knownBug?: string;
}

export interface CorpusCase {
  category: string;
  name: string;
  dir: string;
  /**
   * The exact text the user sees (`expected.txt`), with `{{placeholders}}` to fill in; or, where
   * the text comes from the runtime (a JSON parser's wording), a regular expression (`expected.regex`).
   */
  expected: string;
  expectedIsRegex: boolean;
  options: CaseOptions;
  /** Repository-relative path → content, from the case's `repo/` folder. */
  files: Record<string, Buffer>;
}

function readTree(root: string, rel = ''): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  const dir = path.join(root, rel);
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) Object.assign(out, readTree(root, child));
    else out[child] = fs.readFileSync(path.join(root, child));
  }
  return out;
}

/** Every case of one category (`fixtures/<category>/<case>/`), in name order. */
export function loadCorpus(category: string): CorpusCase[] {
  const base = path.join(FIXTURES_DIR, category);
  return fs
    .readdirSync(base)
    .sort()
    .map(name => {
      const dir = path.join(base, name);
      const optionsFile = path.join(dir, 'case.json');
      const regexFile = path.join(dir, 'expected.regex');
      const expectedIsRegex = fs.existsSync(regexFile);
      return {
        category,
        name,
        dir,
        expected: fs
          .readFileSync(
            expectedIsRegex ? regexFile : path.join(dir, 'expected.txt'),
            'utf8',
          )
          .replace(/\n$/, ''),
        expectedIsRegex,
        options: fs.existsSync(optionsFile)
          ? (JSON.parse(fs.readFileSync(optionsFile, 'utf8')) as CaseOptions)
          : {},
        files: readTree(path.join(dir, 'repo')),
      };
    });
}

/** What `toEqual` should compare the user's message with: the exact text, or a matcher for the regex. */
export function expectedText(
  c: CorpusCase,
  values: Record<string, string>,
): unknown {
  return c.expectedIsRegex
    ? expect.stringMatching(new RegExp(fill(c.expected, values)))
    : fill(c.expected, values);
}

/** One test per case: `it`, or `it.failing` (named so) for a case that exposes a known product bug. */
export function itCase(c: CorpusCase, fn: () => Promise<void>) {
  // the assertions are in `fn`, written by the calling test file
  // eslint-disable-next-line jest/expect-expect
  if (c.options.knownBug) it.failing(`${c.name} [known bug]`, fn);
  // eslint-disable-next-line jest/expect-expect
  else it(`${c.name}`, fn);
}

/** Replaces `{{name}}` placeholders. */
export function fill(text: string, values: Record<string, string>): string {
  return text.replace(
    /\{\{(\w+)\}\}/g,
    (whole, key: string) => values[key] ?? whole,
  );
}

/** Writes a case's generated files into `dir`, streaming so 50 MB never sits in memory twice. */
export function writeGenerated(dir: string, generated: GeneratedFile[] = []) {
  for (const file of generated) {
    const target = path.join(dir, file.path);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    if ('listItems' in file) {
      const items = Array.from(
        { length: file.listItems },
        (_, i) =>
          `  - { apiVersion: v1, kind: ConfigMap, metadata: { name: item-${i} } }`,
      );
      fs.writeFileSync(
        target,
        `apiVersion: v1\nkind: List\nitems:\n${items.join('\n')}\n`,
      );
      continue;
    }
    const fd = fs.openSync(target, 'w');
    try {
      fs.writeSync(fd, file.head);
      const chunk = Buffer.alloc(1024 * 1024, file.fill);
      let left =
        file.bytes -
        Buffer.byteLength(file.head) -
        Buffer.byteLength(file.tail);
      while (left > 0)
        left -= fs.writeSync(fd, chunk, 0, Math.min(chunk.length, left));
      fs.writeSync(fd, file.tail);
    } finally {
      fs.closeSync(fd);
    }
  }
}

const CATEGORY_TITLES: Record<string, string> = {
  manifests: 'manifest',
  descriptors: 'descriptor',
  annotations: 'annotation',
  webhooks: 'webhook',
  api: 'API',
};

/**
 * The case's row in docs/resilience.md's corpus table: category, case, what the user sees.
 * Newlines become `<br>` and pipes are escaped, so a row is one Markdown table line.
 */
export function corpusTableRow(c: CorpusCase): string {
  const text = c.expectedIsRegex
    ? `matches \`/${c.expected}/\``
    : `\`${c.expected.replace(/\|/g, '\\|').replace(/\n/g, '`<br>`')}\``;
  const status = c.options.status ? `HTTP ${c.options.status} ` : '';
  const bug = c.options.knownBug
    ? ' (known bug: today the user sees something else)'
    : '';
  return `| ${CATEGORY_TITLES[c.category] ?? c.category} | ${
    c.name
  } | ${status}${text}${bug} |`;
}

export const CORPUS_CATEGORIES = Object.keys(CATEGORY_TITLES);
