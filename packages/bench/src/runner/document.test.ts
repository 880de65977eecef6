import { BEGIN, END, spliceGenerated } from './document';

describe('spliceGenerated', () => {
  it('creates the block in a new file', () => {
    expect(spliceGenerated(undefined, 'table')).toBe(
      `${BEGIN}\n\ntable\n\n${END}\n`,
    );
  });

  it('replaces only what is between the markers', () => {
    const before = `# Title\n\nhand-written\n\n${BEGIN}\n\nold\n\n${END}\n\n## Reading\n\nkept\n`;
    const after = spliceGenerated(before, 'new');
    expect(after).toBe(
      `# Title\n\nhand-written\n\n${BEGIN}\n\nnew\n\n${END}\n\n## Reading\n\nkept\n`,
    );
  });

  it('appends the block when the markers are missing', () => {
    expect(spliceGenerated('# Title\n', 'x')).toBe(
      `# Title\n\n${BEGIN}\n\nx\n\n${END}\n`,
    );
  });
});
