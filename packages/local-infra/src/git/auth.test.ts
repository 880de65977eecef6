import { checkAuthorization, GitServerAuth } from './auth';

const basic = (user: string, pass: string) =>
  `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`;

const userPass: GitServerAuth = { username: 'alice', password: 's3cret' };
const token: GitServerAuth = { token: 'tok-123' };

/** false: refused; undefined: accepted without a user; a string: accepted as that user. */
function expectedResult(expected: string | false | undefined) {
  if (expected === false) return { ok: false };
  if (expected === undefined) return { ok: true };
  return { ok: true, user: expected };
}

describe('checkAuthorization', () => {
  it.each<
    [
      string,
      string | undefined,
      GitServerAuth | undefined,
      string | false | undefined,
    ]
  >([
    ['anonymous when no auth configured', undefined, undefined, undefined],
    [
      'ignores headers when no auth configured',
      basic('x', 'y'),
      undefined,
      undefined,
    ],
    ['user/password match', basic('alice', 's3cret'), userPass, 'alice'],
    ['wrong password', basic('alice', 'nope'), userPass, false],
    ['wrong user', basic('bob', 's3cret'), userPass, false],
    ['missing header', undefined, userPass, false],
    ['bearer is not basic', 'Bearer s3cret', userPass, false],
    ['garbage basic value', 'Basic !!!', userPass, false],
    [
      'case-insensitive scheme',
      basic('alice', 's3cret').replace('Basic', 'bAsIc'),
      userPass,
      'alice',
    ],
    ['token as bearer', 'Bearer tok-123', token, 'token'],
    ['wrong bearer', 'Bearer tok-124', token, false],
    [
      'token as basic password, any user',
      basic('ci-bot', 'tok-123'),
      token,
      'ci-bot',
    ],
    [
      'token as basic password, empty user',
      basic('', 'tok-123'),
      token,
      'token',
    ],
    ['token as basic username', basic('tok-123', ''), token, 'token'],
    ['token prefix is not the token', basic('x', 'tok-12'), token, false],
    ['token missing header', undefined, token, false],
    ['unknown scheme', 'Digest abc', token, false],
  ])('%s', (_name, header, auth, expected) => {
    const result = checkAuthorization(header, auth);
    expect(result).toEqual(expectedResult(expected));
  });
});
