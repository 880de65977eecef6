import {
  normalizeFilePath,
  normalizeRepoName,
  parseGitRequestPath,
  serviceOf,
} from './repoPath';

describe('normalizeRepoName', () => {
  it.each([
    ['app', 'app'],
    ['app.git', 'app'],
    ['team/app-config', 'team/app-config'],
    ['team/app-config.git', 'team/app-config'],
  ])('accepts %s as %s', (input, expected) => {
    expect(normalizeRepoName(input)).toBe(expected);
  });

  it.each([
    [''],
    ['..'],
    ['../escape'],
    ['team/../../escape'],
    ['/etc/passwd'],
    ['team//app'],
    ['team/./app'],
    ['team\\app'],
    ['bad\u0000name'],
    ['inner.git/app'],
  ])('rejects %j', input => {
    expect(() => normalizeRepoName(input)).toThrow();
  });
});

describe('normalizeFilePath', () => {
  it.each([['a.txt'], ['dir/sub/file.yaml'], ['.gitignore']])(
    'accepts %s',
    input => {
      expect(normalizeFilePath(input)).toBe(input);
    },
  );

  it.each([
    ['../x'],
    ['/abs'],
    ['a/../../x'],
    ['.git/config'],
    ['a/.GIT/x'],
    ['a//b'],
  ])('rejects %s', input => {
    expect(() => normalizeFilePath(input)).toThrow();
  });
});

describe('parseGitRequestPath', () => {
  it.each([
    ['/app.git/info/refs', 'app', 'info/refs'],
    [
      '/team/app-config.git/git-upload-pack',
      'team/app-config',
      'git-upload-pack',
    ],
    [
      '/team/app-config.git/objects/ab/cdef',
      'team/app-config',
      'objects/ab/cdef',
    ],
    ['/team/app/info/refs', 'team/app', 'info/refs'],
    ['/app/git-receive-pack', 'app', 'git-receive-pack'],
    ['/sp%20ace.git/info/refs', 'sp ace', 'info/refs'],
  ])('maps %s to repo %s', (path, repo, rest) => {
    expect(parseGitRequestPath(path)).toEqual({ kind: 'repo', repo, rest });
  });

  it.each([
    ['/../etc/passwd.git/info/refs'],
    ['/a/%2e%2e/b.git/info/refs'],
    ['/a/%2E%2E/%2E%2E/b.git/info/refs'],
    ['//etc/x.git/info/refs'],
    ['/a/./b.git/info/refs'],
    ['/a%5cb.git/info/refs'],
    ['/bad%zz.git/info/refs'],
  ])('marks %s as invalid', path => {
    expect(parseGitRequestPath(path).kind).toBe('invalid');
  });

  it.each([['/app.git'], ['/favicon.ico'], ['/']])(
    'does not recognise %s',
    path => {
      expect(parseGitRequestPath(path).kind).toBe('unknown');
    },
  );
});

describe('serviceOf', () => {
  it.each([
    ['info/refs', '?service=git-upload-pack', 'git-upload-pack'],
    ['info/refs', '?service=git-receive-pack', 'git-receive-pack'],
    ['git-receive-pack', '', 'git-receive-pack'],
    ['git-upload-pack', '', 'git-upload-pack'],
    ['HEAD', '', undefined],
  ])('%s%s → %s', (rest, query, expected) => {
    expect(serviceOf(rest, new URLSearchParams(query))).toBe(expected);
  });
});
