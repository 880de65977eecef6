import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import type { Cluster } from '../cluster';
import { readBodyBytes } from '../http';
import { decodeProtobufObject } from '../protobuf';
import type { WriteOptions } from '../ops/writeOptions';
import type { RequestInfo } from '../requestInfo';
import {
  parseFieldSelector,
  parseLabelSelector,
  Selectors,
} from '../selectors';
import { badRequest, unsupportedMediaType } from '../status';
import type { ResourceType } from '../types';
import type { WatchHub } from '../watch';

export interface ResourceContext {
  cluster: Cluster;
  watches: WatchHub;
  req: IncomingMessage;
  res: ServerResponse;
  info: RequestInfo;
  type: ResourceType;
  /** The namespace of the request for namespaced kinds ('' when listing across namespaces). */
  ns: string;
}

export function writeOptions(ctx: ResourceContext): WriteOptions {
  const q = ctx.info.query;
  const dryRun = q.getAll('dryRun');
  const unsupported = dryRun.find(v => v !== 'All');
  if (unsupported !== undefined)
    throw badRequest(
      `dryRun: Unsupported value: "${unsupported}": supported values: "All"`,
    );
  return {
    dryRun: dryRun.includes('All'),
    fieldManager: q.get('fieldManager') || undefined,
    userAgent: ctx.req.headers['user-agent'],
    force: q.get('force') === 'true',
  };
}

export function selectorsOf(ctx: ResourceContext): Selectors {
  const q = ctx.info.query;
  return {
    labels: parseLabelSelector(q.get('labelSelector')),
    fields: parseFieldSelector(q.get('fieldSelector'), ctx.type.kind),
  };
}

/** A create/update body: JSON, or YAML (the API server accepts both). */
export async function readObjectBody(ctx: ResourceContext): Promise<unknown> {
  const bytes = await readBodyBytes(ctx.req);
  const media = (ctx.req.headers['content-type'] ?? 'application/json')
    .split(';')[0]
    .trim()
    .toLowerCase();
  if (media === 'application/vnd.kubernetes.protobuf')
    return decodeProtobufObject(bytes);
  const raw = bytes.toString('utf8');
  try {
    if (media === 'application/json' || media === '*/*' || media === '')
      return JSON.parse(raw);
    if (media === 'application/yaml') return parseYaml(raw);
  } catch (err) {
    throw badRequest(
      `the object provided is unrecognized: ${(err as Error).message}`,
    );
  }
  throw unsupportedMediaType(['application/json', 'application/yaml']);
}
