import { DiffRow, toSideBySide } from './sideBySideDiff';

/** Compact rendering of rows so expectations read like the diff itself. */
function render(rows: DiffRow[]): string[] {
  return rows.map(row => {
    if (row.type === 'hunk') {
      return `@@`;
    }
    const side = (cell?: {
      lineNumber?: number;
      text: string;
      changed: boolean;
    }) =>
      cell ? `${cell.changed ? '*' : ''}${cell.lineNumber}:${cell.text}` : '·';
    return `${side(row.desired)} | ${side(row.live)}`;
  });
}

describe('toSideBySide', () => {
  it.each<[string, string, string[]]>([
    [
      'pairs an edited line with its new version',
      [
        '--- desired',
        '+++ live',
        '@@ -1,3 +1,3 @@',
        ' spec:',
        '-  replicas: 3',
        '+  replicas: 1',
        '   paused: false',
      ].join('\n'),
      [
        '@@',
        '1:spec: | 1:spec:',
        '*2:  replicas: 3 | *2:  replicas: 1',
        '3:  paused: false | 3:  paused: false',
      ],
    ],
    [
      'leaves the other side empty for extra lines',
      ['@@ -1,2 +1,3 @@', ' a: 1', '+b: 2', '+c: 3', ' d: 4'].join('\n'),
      [
        '@@',
        '1:a: 1 | 1:a: 1',
        '· | *2:b: 2',
        '· | *3:c: 3',
        '2:d: 4 | 4:d: 4',
      ],
    ],
    [
      'reads a removed YAML separator inside a hunk as a line, not a header',
      ['--- desired', '+++ live', '@@ -1,2 +1,1 @@', '----', ' a: 1'].join(
        '\n',
      ),
      ['@@', '*1:--- | ·', '2:a: 1 | 1:a: 1'],
    ],
    [
      'numbers lines from each hunk header and skips the no-newline marker',
      [
        '@@ -10,1 +12,1 @@',
        '-x: 1',
        '+x: 2',
        '\\ No newline at end of file',
        '@@ -20 +22 @@',
        ' y: 1',
      ].join('\n'),
      ['@@', '*10:x: 1 | *12:x: 2', '@@', '20:y: 1 | 22:y: 1'],
    ],
    [
      'accepts bare +/- lines without hunk headers',
      ['-a: 1', '+a: 2'].join('\n'),
      ['*1:a: 1 | *1:a: 2'],
    ],
  ])('%s', (_name, diff, expected) => {
    expect(render(toSideBySide(diff))).toEqual(expected);
  });

  it('gives no rows for an empty diff', () => {
    expect(toSideBySide('')).toEqual([]);
  });
});
