import { commitUrl, shortSha } from './commitUrl';

const SHA = '0123456789abcdef0123456789abcdef01234567';

describe('commitUrl', () => {
  it.each([
    [
      'https://github.com/acme/shop-config.git',
      `https://github.com/acme/shop-config/commit/${SHA}`,
    ],
    [
      'https://github.com/acme/shop-config/',
      `https://github.com/acme/shop-config/commit/${SHA}`,
    ],
    [
      'git@github.com:acme/shop-config.git',
      `https://github.com/acme/shop-config/commit/${SHA}`,
    ],
    [
      'ssh://git@github.com/acme/shop-config.git',
      `https://github.com/acme/shop-config/commit/${SHA}`,
    ],
    [
      'https://gitlab.com/acme/team/shop.git',
      `https://gitlab.com/acme/team/shop/-/commit/${SHA}`,
    ],
    [
      'https://gitlab.example.com/acme/shop',
      `https://gitlab.example.com/acme/shop/-/commit/${SHA}`,
    ],
    [
      'https://bitbucket.org/acme/shop.git',
      `https://bitbucket.org/acme/shop/commits/${SHA}`,
    ],
    [
      'https://bitbucket.example.com/scm/ACME/shop.git',
      `https://bitbucket.example.com/projects/ACME/repos/shop/commits/${SHA}`,
    ],
    [
      'https://gitea.example.com:3000/acme/shop.git',
      `https://gitea.example.com:3000/acme/shop/commit/${SHA}`,
    ],
    [
      'https://user:secret@git.example.com/acme/shop.git',
      `https://git.example.com/acme/shop/commit/${SHA}`,
    ],
  ])('%s', (repoUrl, expected) => {
    expect(commitUrl(repoUrl, SHA)).toBe(expected);
  });

  it.each([['file:///srv/git/shop.git'], ['not a url'], ['']])(
    'gives no link for %s',
    repoUrl => {
      expect(commitUrl(repoUrl, SHA)).toBeUndefined();
    },
  );
});

describe('shortSha', () => {
  it('keeps seven characters', () => {
    expect(shortSha(SHA)).toBe('0123456');
    expect(shortSha(undefined)).toBe('');
  });
});
