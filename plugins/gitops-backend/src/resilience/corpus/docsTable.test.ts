import fs from 'node:fs';
import path from 'node:path';
import {
  CORPUS_CATEGORIES,
  corpusTableRow,
  loadCorpus,
} from '../__testUtils__/loadCorpus';

const DOC = path.resolve(__dirname, '../../../../../docs/resilience.md');

/** A table row with its cells trimmed, so the padding a formatter adds does not matter. */
const normalizeRow = (row: string) =>
  row
    .trim()
    .split(/(?<!\\)\|/)
    .map(cell => cell.trim())
    .join('|');

describe('docs/resilience.md', () => {
  const cases = CORPUS_CATEGORIES.flatMap(category => loadCorpus(category));

  it('lists every bad-input case with the exact error the user sees', () => {
    const rows = new Set(
      fs
        .readFileSync(DOC, 'utf8')
        .split('\n')
        .filter(line => line.startsWith('|'))
        .map(normalizeRow),
    );
    // on failure, the missing rows are printed ready to paste
    expect(
      cases.map(corpusTableRow).filter(row => !rows.has(normalizeRow(row))),
    ).toEqual([]);
  });

  it('has a committed corpus of at least 40 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });
});
