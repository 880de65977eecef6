import { matchesPatterns, repositoryMatches } from './patterns';

describe('matchesPatterns', () => {
  it.each<[string[], string, boolean]>([
    [['shop-*'], 'shop-dev', true],
    [['shop-*'], 'shop-', true],
    [['shop-*'], 'shopping', false],
    [['shop-*'], 'x-shop-dev', false],
    [['*'], 'anything', true],
    [['*', '!kube-*'], 'kube-system', false],
    [['*', '!kube-*'], 'shop', true],
    [['!kube-*'], 'shop', false], // exclusions alone allow nothing
    [['a.b'], 'axb', false], // regex characters are literal
    [['a+b'], 'a+b', true],
    [['https://git/*'], 'https://git/team/repo', false], // * stops at /
    [['https://git/**'], 'https://git/team/repo', true],
    [['https://git/*/shop'], 'https://git/team/shop', true],
    [[], 'x', false],
  ])('%j matches %j: %s', (patterns, value, expected) => {
    expect(matchesPatterns(patterns, value)).toBe(expected);
  });
});

describe('repositoryMatches', () => {
  const teamA = ['https://git.example.com/team-a/*'];
  it.each<[string[], string, boolean]>([
    [teamA, 'https://git.example.com/team-a/shop.git', true],
    [teamA, 'https://git.example.com/team-a/shop', true],
    [teamA, 'https://git.example.com/team-a/shop/', true],
    // other spellings of the same repository still match: case, default port, doubled slashes
    [teamA, 'https://GIT.example.com/team-a/shop.git', true],
    [teamA, 'https://git.example.com/Team-A/shop.git', true],
    [teamA, 'https://git.example.com:443/team-a/shop.git', true],
    [teamA, 'https://git.example.com//team-a//shop.git', true],
    [teamA, 'https://git.example.com/team-a/../team-a/shop.git', true],
    [teamA, 'https://git.example.com/team%2Da/shop.git', true],
    [teamA, 'https://git.example.com/team-a/shop.git/', true],
    [teamA, 'https://git.example.com/team-b/%2E%2E/team-a/shop.git', true],
    [teamA, 'https://git.example.com/team-b/shop.git', false],
    [teamA, 'http://git.example.com/team-a/shop.git', false],
    [teamA, 'https://git.example.com/team-a/sub/shop.git', false],
    [
      ['https://git.example.com/team-a/shop.git'],
      'https://git.example.com/team-a/shop',
      true,
    ],
    [['**'], 'https://anywhere.example/x/y/z.git', true],
    [
      ['https://git.example.com/**', '!https://git.example.com/team-a/*'],
      'https://git.example.com/team-a/shop.git',
      false,
    ],
  ])('%j, %s: %s', (patterns, url, expected) => {
    expect(repositoryMatches(patterns, url)).toBe(expected);
  });
});
