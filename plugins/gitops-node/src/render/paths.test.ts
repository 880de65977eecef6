import { normalizeRepoPath } from './paths';

describe('normalizeRepoPath', () => {
  it.each([
    ['', '.'],
    ['.', '.'],
    ['./', '.'],
    ['apps/web', 'apps/web'],
    ['apps/web/', 'apps/web'],
    ['./apps//web', 'apps/web'],
    ['apps/../web', 'web'],
    ['apps\\web', 'apps/web'],
  ])('normalizes %j to %j', (input, expected) => {
    expect(normalizeRepoPath(input)).toBe(expected);
  });

  it.each([
    ['/etc', /must be relative/],
    ['C:\\repo', /must be relative/],
    ['..', /outside the repository/],
    ['../other', /outside the repository/],
    ['apps/../../other', /outside the repository/],
  ])('refuses %j', (input, message) => {
    expect(() => normalizeRepoPath(input)).toThrow(message);
  });
});
