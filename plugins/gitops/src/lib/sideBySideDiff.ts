/** One cell of the two-column view; `changed` cells are highlighted. */
export interface DiffCell {
  lineNumber?: number;
  text: string;
  changed: boolean;
}

/** A row: desired (left) beside live (right); a side is absent where the other has extra lines. */
export type DiffRow =
  | { type: 'line'; desired?: DiffCell; live?: DiffCell }
  | { type: 'hunk'; header: string };

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@(.*)$/;

/**
 * Turns a unified diff (desired → live) into side-by-side rows. A run of removed lines followed by
 * a run of added lines is paired row by row, so an edited line sits beside its new version.
 *
 * File headers (`---`/`+++`) are only recognised before the first hunk; inside a hunk the header's
 * line counts decide where it ends, because a YAML document separator `---` that was removed is
 * itself a line starting with `---`. (Format: GNU diffutils manual, "Detailed Unified".)
 */
export function toSideBySide(unifiedDiff: string): DiffRow[] {
  const rows: DiffRow[] = [];
  const lines = unifiedDiff.replace(/\r\n/g, '\n').split('\n');
  if (lines[lines.length - 1] === '') {
    lines.pop();
  }
  let removed: DiffCell[] = [];
  let added: DiffCell[] = [];
  let desiredLine = 1;
  let liveLine = 1;
  let oldLeft = 0;
  let newLeft = 0;
  let sawHunk = false;

  const flush = () => {
    const count = Math.max(removed.length, added.length);
    for (let i = 0; i < count; i++) {
      rows.push({ type: 'line', desired: removed[i], live: added[i] });
    }
    removed = [];
    added = [];
  };

  for (const line of lines) {
    const inHunk = oldLeft > 0 || newLeft > 0;
    if (!inHunk) {
      const header = HUNK_HEADER.exec(line);
      if (header) {
        flush();
        sawHunk = true;
        desiredLine = Number(header[1]);
        oldLeft = header[2] === undefined ? 1 : Number(header[2]);
        liveLine = Number(header[3]);
        newLeft = header[4] === undefined ? 1 : Number(header[4]);
        rows.push({ type: 'hunk', header: line });
        continue;
      }
      // Between hunks only headers matter; before the first one, file headers are skipped and
      // a diff without any hunk header is read as bare +/- lines.
      if (sawHunk || isFileHeader(line) || line.startsWith('\\')) {
        continue;
      }
    }
    if (line.startsWith('\\')) {
      continue; // "\ No newline at end of file"
    }
    const marker = line.charAt(0);
    const text = line.slice(1);
    if (marker === '-') {
      removed.push({ lineNumber: desiredLine++, text, changed: true });
      oldLeft--;
    } else if (marker === '+') {
      added.push({ lineNumber: liveLine++, text, changed: true });
      newLeft--;
    } else {
      flush();
      rows.push({
        type: 'line',
        desired: { lineNumber: desiredLine++, text, changed: false },
        live: { lineNumber: liveLine++, text, changed: false },
      });
      oldLeft--;
      newLeft--;
    }
    if (sawHunk && oldLeft <= 0 && newLeft <= 0) {
      oldLeft = 0;
      newLeft = 0;
    }
  }
  flush();
  return rows;
}

function isFileHeader(line: string): boolean {
  return (
    line.startsWith('--- ') ||
    line.startsWith('+++ ') ||
    line.startsWith('Index: ') ||
    line.startsWith('====') ||
    line.startsWith('diff ')
  );
}
