import type { Verb } from './types';

/** What a request is about, derived from its method and path as the API server's RequestInfo is. */
export interface RequestInfo {
  isResource: boolean;
  verb: Verb;
  path: string;
  query: URLSearchParams;
  group: string;
  version: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

// Paths under /api/v1/namespaces/<name>/ that address the Namespace object itself.
const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

const isTrue = (v: string | null) => v === '1' || v === 'true';

export function parseRequestInfo(
  method: string,
  url: URL,
  contentType?: string,
): RequestInfo {
  const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const info: RequestInfo = {
    isResource: false,
    verb: 'get',
    path: url.pathname,
    query: url.searchParams,
    group: '',
    version: '',
    resource: '',
  };
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 2) {
    info.version = parts[1];
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 3) {
    info.group = parts[1];
    info.version = parts[2];
    rest = parts.slice(3);
  } else {
    return info;
  }
  let watchPrefix = false;
  if (rest[0] === 'watch') {
    watchPrefix = true;
    rest = rest.slice(1);
  }
  if (rest.length === 0) return info;
  info.isResource = true;
  if (rest[0] === 'namespaces' && rest.length > 1) {
    info.namespace = rest[1];
    if (rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2]))
      rest = rest.slice(2);
  }
  [info.resource, info.name, info.subresource] = rest;
  const watch = watchPrefix || isTrue(url.searchParams.get('watch'));
  switch (method) {
    case 'POST':
      info.verb = 'create';
      break;
    case 'PUT':
      info.verb = 'update';
      break;
    case 'PATCH':
      info.verb = (contentType ?? '').startsWith('application/apply-patch')
        ? 'apply'
        : 'patch';
      break;
    case 'DELETE':
      info.verb = info.name ? 'delete' : 'deletecollection';
      break;
    default:
      if (watch) info.verb = 'watch';
      else info.verb = info.name ? 'get' : 'list';
  }
  return info;
}
