import type { IncomingMessage, ServerResponse } from 'node:http';
import { hasValidToken } from './auth';
import type { Cluster } from './cluster';
import {
  aggregatedDiscovery,
  apiGroupDocument,
  apiGroupList,
  apiResourceList,
  apiVersions,
  VERSION_INFO,
} from './discovery';
import type { Faults } from './faults';
import { handleGet, handleList, handleWatch } from './handlers/read';
import {
  handleCreate,
  handleDelete,
  handlePatch,
  handleUpdate,
} from './handlers/write';
import type { ResourceContext } from './handlers/context';
import { sendError, sendJson } from './http';
import { negotiate } from './negotiate';
import { openApiV2, openApiV3GroupVersion, openApiV3Root } from './openapi';
import { parseRequestInfo, RequestInfo } from './requestInfo';
import type { RequestLog } from './requestLog';
import {
  internalError,
  methodNotAllowed,
  pathNotFound,
  tooManyRequests,
  unauthorized,
} from './status';
import type { WatchHub } from './watch';

export interface RouterDeps {
  cluster: Cluster;
  watches: WatchHub;
  log: RequestLog;
  faults: Faults;
  token: string;
  serverAddress: () => string;
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

function routeNonResource(
  deps: RouterDeps,
  req: IncomingMessage,
  res: ServerResponse,
  info: RequestInfo,
) {
  if (req.method !== 'GET' && req.method !== 'HEAD') throw methodNotAllowed();
  const { registry } = deps.cluster;
  const p = info.path.replace(/\/+$/, '') || '/';
  if (['/healthz', '/livez', '/readyz'].includes(p)) {
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('ok');
    return;
  }
  if (p === '/version') return sendJson(res, 200, VERSION_INFO);
  if (p === '/api' || p === '/apis') {
    const r = negotiate(req.headers.accept, ['APIGroupDiscoveryList']);
    if (r.as === 'APIGroupDiscoveryList')
      return sendJson(
        res,
        200,
        aggregatedDiscovery(registry, p === '/api', r.version),
        r.contentType,
      );
    return sendJson(
      res,
      200,
      p === '/api' ? apiVersions(deps.serverAddress()) : apiGroupList(registry),
    );
  }
  if (p === '/openapi/v3') return sendJson(res, 200, openApiV3Root(registry));
  if (p === '/openapi/v2') {
    // Only JSON is served: a protobuf-only request gets 406, and clients fall back.
    negotiate(req.headers.accept, []);
    return sendJson(res, 200, openApiV2(registry));
  }
  let m = /^\/openapi\/v3\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(p);
  if (m) {
    const doc = openApiV3GroupVersion(registry, m[2] ?? '', m[1] ?? m[3]);
    if (doc) return sendJson(res, 200, doc);
    throw pathNotFound();
  }
  m = /^\/apis\/([^/]+)$/.exec(p);
  const doc = m
    ? apiGroupDocument(registry, m[1])
    : info.version && apiResourceList(registry, info.group, info.version);
  if (doc) return sendJson(res, 200, doc);
  throw pathNotFound();
}

async function routeResource(
  deps: RouterDeps,
  req: IncomingMessage,
  res: ServerResponse,
  info: RequestInfo,
) {
  const type = deps.cluster.registry.find(
    info.group,
    info.version,
    info.resource,
  );
  if (!type) throw pathNotFound();
  const namespaceItself = !type.custom && type.kind === 'Namespace';
  if (!type.namespaced && info.namespace && !namespaceItself)
    throw pathNotFound();
  const ns = type.namespaced ? info.namespace ?? '' : '';
  if (type.namespaced && !ns && info.name) throw pathNotFound();
  if (!type.verbs.includes(info.verb === 'apply' ? 'patch' : info.verb))
    throw methodNotAllowed();
  const ctx: ResourceContext = {
    cluster: deps.cluster,
    watches: deps.watches,
    req,
    res,
    info,
    type,
    ns,
  };
  switch (info.verb) {
    case 'get':
      return handleGet(ctx);
    case 'list':
      return handleList(ctx);
    case 'watch':
      return handleWatch(ctx);
    case 'create':
      return handleCreate(ctx);
    case 'update':
      return handleUpdate(ctx);
    case 'patch':
    case 'apply':
      return handlePatch(ctx);
    default:
      return handleDelete(ctx);
  }
}

/** Authentication, fault injection, request logging, then discovery/OpenAPI or the resource handlers. */
export function createRequestHandler(deps: RouterDeps) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const info = parseRequestInfo(
      req.method ?? 'GET',
      url,
      req.headers['content-type'],
    );
    const entry = deps.log.begin(req.method ?? 'GET', info);
    const writeHead = res.writeHead.bind(res) as (
      ...args: any[]
    ) => ServerResponse;
    (res as any).writeHead = (code: number, ...rest: any[]) => {
      entry.status = code;
      return writeHead(code, ...rest);
    };
    try {
      if (!hasValidToken(req, deps.token)) throw unauthorized();
      for (const fault of deps.faults.pick(info.verb, url.pathname)) {
        if (fault.kind === 'latency') await sleep(fault.latencyMs ?? 0);
        else if (fault.kind === 'status429')
          throw tooManyRequests(fault.retryAfterSeconds ?? 1);
        else if (fault.kind === 'status500')
          throw internalError('injected fault');
        else {
          entry.status = 0;
          req.socket.destroy();
          return;
        }
      }
      if (info.isResource) await routeResource(deps, req, res, info);
      else routeNonResource(deps, req, res, info);
    } catch (err) {
      sendError(res, err);
    }
  };
}
