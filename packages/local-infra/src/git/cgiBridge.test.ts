import type { IncomingMessage } from 'node:http';
import { cgiEnvironment, parseCgiHead } from './cgiBridge';

describe('parseCgiHead', () => {
  it.each([
    [
      'no Status means 200',
      'Content-Type: text/plain',
      200,
      { 'Content-Type': 'text/plain' },
    ],
    [
      'Status line sets the code',
      'Status: 404 Not Found\r\nExpires: 0',
      404,
      { Expires: '0' },
    ],
    ['LF-only lines', 'Status: 403 Forbidden\nX-A: 1', 403, { 'X-A': '1' }],
    ['out-of-range status ignored', 'Status: 42 Odd', 200, {}],
    [
      'repeated headers become a list',
      'Set-Cookie: a\r\nSet-Cookie: b',
      200,
      { 'Set-Cookie': ['a', 'b'] },
    ],
    [
      'values keep colons',
      'Location: http://x:1/y',
      200,
      { Location: 'http://x:1/y' },
    ],
  ])('%s', (_name, block, status, headers) => {
    expect(parseCgiHead(block)).toEqual({ status, headers });
  });
});

describe('cgiEnvironment', () => {
  const request = (headers: Record<string, string>, method = 'POST') =>
    ({
      method,
      httpVersion: '1.1',
      headers,
      socket: { remoteAddress: '127.0.0.1' },
    } as unknown as IncomingMessage);

  it('maps the request to CGI meta-variables', () => {
    const env = cgiEnvironment({
      req: request({
        'content-type': 'application/x-git-upload-pack-request',
        'content-length': '42',
        'content-encoding': 'gzip',
        'git-protocol': 'version=2',
        authorization: 'Basic abc',
        proxy: 'http://evil',
      }),
      projectRoot: '/repos',
      pathInfo: '/team/app.git/git-upload-pack',
      queryString: 'a=b',
      remoteUser: 'alice',
    });
    expect(env).toMatchObject({
      GIT_PROJECT_ROOT: '/repos',
      GIT_HTTP_EXPORT_ALL: '1',
      PATH_INFO: '/team/app.git/git-upload-pack',
      REQUEST_METHOD: 'POST',
      QUERY_STRING: 'a=b',
      CONTENT_TYPE: 'application/x-git-upload-pack-request',
      CONTENT_LENGTH: '42',
      HTTP_CONTENT_ENCODING: 'gzip',
      HTTP_GIT_PROTOCOL: 'version=2',
      REMOTE_USER: 'alice',
      REMOTE_ADDR: '127.0.0.1',
      GIT_CONFIG_KEY_0: 'http.receivepack',
      GIT_CONFIG_VALUE_0: 'true',
    });
    expect(env.HTTP_AUTHORIZATION).toBeUndefined();
    expect(env.HTTP_PROXY).toBeUndefined();
    expect(env.HTTP_CONTENT_TYPE).toBeUndefined();
  });

  it('leaves out what the request does not carry', () => {
    const env = cgiEnvironment({
      req: request({ 'transfer-encoding': 'chunked' }),
      projectRoot: '/repos',
      pathInfo: '/app.git/git-receive-pack',
      queryString: '',
    });
    expect(env.CONTENT_LENGTH).toBeUndefined();
    expect(env.CONTENT_TYPE).toBeUndefined();
    expect(env.REMOTE_USER).toBeUndefined();
  });
});
