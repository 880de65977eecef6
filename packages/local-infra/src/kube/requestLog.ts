import type { RequestInfo } from './requestInfo';
import type { RequestLogEntry, Verb } from './types';

const WRITE_VERBS = new Set<Verb>([
  'create',
  'update',
  'patch',
  'apply',
  'delete',
  'deletecollection',
]);

/** Every request the server answered (or dropped), in arrival order. Simulator writes are not requests. */
export class RequestLog {
  readonly entries: RequestLogEntry[] = [];

  begin(method: string, info: RequestInfo): RequestLogEntry {
    const q = info.query;
    const entry: RequestLogEntry = {
      time: new Date().toISOString(),
      verb: info.verb,
      method,
      path: info.path,
      query: Object.fromEntries(q.entries()),
      group: info.group,
      version: info.version,
      resource: info.resource,
      dryRun: q.getAll('dryRun').includes('All'),
      status: 0,
    };
    if (info.subresource) entry.subresource = info.subresource;
    if (info.namespace) entry.namespace = info.namespace;
    if (info.name) entry.name = info.name;
    if (q.get('fieldManager')) entry.fieldManager = q.get('fieldManager')!;
    this.entries.push(entry);
    return entry;
  }

  clear(): void {
    this.entries.length = 0;
  }

  /** Non-dry-run writes: create, update, patch, apply, delete and deletecollection. */
  writes(): RequestLogEntry[] {
    return this.entries.filter(e => WRITE_VERBS.has(e.verb) && !e.dryRun);
  }
}
