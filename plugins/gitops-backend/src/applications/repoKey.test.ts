import { repoKey } from './repoKey';

describe('repoKey', () => {
  it.each([
    [
      'https://GitHub.com/acme/shop-config.git',
      'https://github.com/acme/shop-config',
    ],
    [
      'https://github.com/acme/shop-config/',
      'https://github.com/acme/shop-config',
    ],
    [
      'https://user:pw@github.com/acme/shop-config',
      'https://github.com/acme/shop-config',
    ],
    ['http://127.0.0.1:7008/demo/shop.git', 'http://127.0.0.1:7008/demo/shop'],
  ])('%s → %s', (input, expected) => {
    expect(repoKey(input)).toBe(expected);
  });
});
