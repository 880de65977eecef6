import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Cluster } from './cluster';
import { matchesSelectors, Selectors } from './selectors';
import { badRequest, statusBody } from './status';
import type { StoreEvent } from './store';
import { apiVersionOf, clone, KubeObject, ResourceType } from './types';

export interface WatchRequest {
  type: ResourceType;
  ns?: string;
  selectors: Selectors;
  resourceVersion?: string;
  allowBookmarks: boolean;
  sendInitialEvents: boolean;
  timeoutSeconds?: number;
  /** Turns an object (in the requested version) into what the client asked for (plain, Table, metadata). */
  render: (o: KubeObject) => unknown;
}

type EventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

/** The server-side request timeout the API server picks when the client gives none (30 minutes). */
const DEFAULT_TIMEOUT_SECONDS = 1800;

/**
 * api-concepts: "Efficient detection of changes" (watch), "Watch bookmarks", "Streaming lists".
 * Events go out as newline-delimited JSON on a chunked 200 response.
 */
export class WatchHub {
  private readonly open = new Set<ServerResponse>();

  constructor(
    private readonly cluster: Cluster,
    private readonly bookmarkIntervalMs: number,
  ) {}

  serve(req: IncomingMessage, res: ServerResponse, w: WatchRequest): void {
    const { store } = this.cluster;
    const key = this.cluster.storageKey(w.type);
    const rvParam = w.resourceVersion ?? '';
    const fromStart = rvParam === '' || rvParam === '0' || w.sendInitialEvents;
    const fromRv = fromStart ? store.currentRv() : Number(rvParam);
    if (!Number.isInteger(fromRv))
      throw badRequest(`invalid resource version: ${rvParam}`);

    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Cache-Control': 'no-cache, private',
      'Transfer-Encoding': 'chunked',
    });
    res.flushHeaders();
    const send = (type: EventType, object: unknown) => {
      if (!res.writableEnded)
        res.write(`${JSON.stringify({ type, object })}\n`);
    };
    const bookmark = (annotations?: Record<string, string>) =>
      send('BOOKMARK', {
        kind: w.type.kind,
        apiVersion: apiVersionOf(w.type),
        metadata: {
          resourceVersion: String(store.currentRv()),
          creationTimestamp: null,
          ...(annotations ? { annotations } : {}),
        },
      });
    const present = (o: KubeObject) =>
      w.render(this.cluster.present(clone(o), w.type));
    const matches = (o: KubeObject | undefined) =>
      !!o && matchesSelectors(w.selectors, o);
    const inScope = (e: StoreEvent) =>
      e.storageKey === key &&
      (!w.ns || !w.type.namespaced || e.namespace === w.ns);

    // A filtered watch reports objects entering and leaving the selection as ADDED and DELETED.
    const onEvent = (e: StoreEvent) => {
      if (!inScope(e)) return;
      const now = e.type !== 'DELETED' && matches(e.object);
      const before =
        e.type === 'DELETED' ? matches(e.object) : matches(e.previous);
      if (e.type === 'ADDED' && now) send('ADDED', present(e.object));
      else if (e.type === 'MODIFIED' && now)
        send(before ? 'MODIFIED' : 'ADDED', present(e.object));
      else if (e.type === 'MODIFIED' && before)
        send('DELETED', present(e.object));
      else if (e.type === 'DELETED' && before)
        send('DELETED', present(e.object));
    };

    if (fromStart) {
      for (const o of this.cluster.readAll(w.type, w.ns))
        if (matches(o)) send('ADDED', w.render(o));
      if (w.sendInitialEvents && w.allowBookmarks)
        bookmark({ 'k8s.io/initial-events-end': 'true' });
    } else {
      const history = store.eventsAfter(fromRv);
      if (!history) {
        send(
          'ERROR',
          statusBody(
            410,
            'Expired',
            `too old resource version: ${fromRv} (${store.oldestRv() + 1})`,
          ),
        );
        res.end();
        return;
      }
      history.forEach(onEvent);
    }
    const unsubscribe = store.subscribe(onEvent);
    this.open.add(res);
    const timers = [
      setTimeout(
        () => res.end(),
        (w.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000,
      ),
      ...(w.allowBookmarks
        ? [setInterval(() => bookmark(), this.bookmarkIntervalMs)]
        : []),
    ];
    const cleanup = () => {
      unsubscribe();
      timers.forEach(t => clearTimeout(t));
      this.open.delete(res);
    };
    res.on('close', cleanup);
    res.on('finish', cleanup);
    req.on('close', cleanup);
  }

  /** Ends every open watch (server shutdown). */
  closeAll(): void {
    for (const res of [...this.open]) res.end();
  }
}
