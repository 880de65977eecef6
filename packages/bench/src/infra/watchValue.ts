import type { Upstream } from '@internal/local-infra';
import https from 'node:https';
import { preciseNow } from '../measure/clock';
import { WaitForValue } from './protocol';

function valueAt(obj: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<any>(
      (value, key) =>
        value === undefined || value === null ? undefined : value[key],
      obj,
    );
}

function request(
  upstream: Upstream,
  path: string,
  onResponse: (res: import('node:http').IncomingMessage) => void,
) {
  return upstream.authHeaders().then(headers => {
    const req = https.request(
      {
        agent: upstream.agent,
        hostname: upstream.server.hostname,
        port: upstream.server.port || 443,
        path: upstream.server.pathname.replace(/\/$/, '') + path,
        method: 'GET',
        headers: { ...headers, accept: 'application/json' },
      },
      onResponse,
    );
    req.end();
    return req;
  });
}

async function getJson(upstream: Upstream, path: string): Promise<any> {
  return new Promise((resolve, reject) => {
    request(upstream, path, res => {
      const chunks: Buffer[] = [];
      res.on('data', chunk => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if ((res.statusCode ?? 0) >= 300)
          reject(new Error(`GET ${path}: HTTP ${res.statusCode}: ${text}`));
        else resolve(JSON.parse(text));
      });
    }).then(req => req.on('error', reject), reject);
  });
}

const plurals = new Map<string, string>();

async function collectionPath(
  upstream: Upstream,
  apiVersion: string,
  kind: string,
  namespace: string,
) {
  const base = apiVersion.includes('/')
    ? `/apis/${apiVersion}`
    : `/api/${apiVersion}`;
  const key = `${apiVersion}/${kind}`;
  if (!plurals.has(key)) {
    const discovery = await getJson(upstream, base);
    const resource = (discovery.resources ?? []).find(
      (r: { kind: string; name: string }) =>
        r.kind === kind && !r.name.includes('/'),
    );
    if (!resource)
      throw new Error(`the cluster does not serve ${kind} in ${apiVersion}`);
    plurals.set(key, resource.name);
  }
  return `${base}/namespaces/${encodeURIComponent(namespace)}/${plurals.get(
    key,
  )}`;
}

/**
 * Resolves with the moment (epoch ms, fractional) the API server first holds `spec.value` at
 * `spec.path` of one object. A list gives the current state and its resourceVersion; a watch from
 * there reports every later change as the API server commits it: nothing is missed, and no polling
 * load is added to the server the engine under test is using. Requests go straight to the API
 * server (the admin credentials), never through the fault proxy, so they are not in the request log.
 */
export async function waitForValue(
  upstream: Upstream,
  spec: WaitForValue,
): Promise<number> {
  const collection = await collectionPath(
    upstream,
    spec.apiVersion,
    spec.kind,
    spec.namespace,
  );
  const selector = `fieldSelector=${encodeURIComponent(
    `metadata.name=${spec.name}`,
  )}`;
  const deadline = Date.now() + spec.timeoutMs;
  const timeoutError = () =>
    new Error(
      `${spec.kind} ${spec.namespace}/${spec.name} did not get ${spec.path}=${spec.value} within ${spec.timeoutMs} ms`,
    );

  for (;;) {
    const list = await getJson(upstream, `${collection}?${selector}`);
    if (
      (list.items ?? []).some(
        (item: unknown) => valueAt(item, spec.path) === spec.value,
      )
    )
      return preciseNow();
    if (Date.now() > deadline) throw timeoutError();
    // watch from the list's resourceVersion until the value shows up, the deadline passes, or the
    // server ends the watch (then list again: a watch may close at any time)
    const outcome = await new Promise<number | 'again'>((resolve, reject) => {
      let buffered = '';
      const watch: {
        settled: boolean;
        req?: import('node:http').ClientRequest;
        timer?: NodeJS.Timeout;
      } = { settled: false };
      const finish = (value: number | 'again' | Error) => {
        if (watch.settled) return;
        watch.settled = true;
        clearTimeout(watch.timer);
        watch.req?.destroy();
        if (value instanceof Error) reject(value);
        else resolve(value);
      };
      watch.timer = setTimeout(
        () => finish(timeoutError()),
        Math.max(0, deadline - Date.now()),
      );
      const timeoutSeconds = Math.max(
        1,
        Math.ceil((deadline - Date.now()) / 1000),
      );
      request(
        upstream,
        `${collection}?${selector}&watch=1&resourceVersion=${list.metadata.resourceVersion}&timeoutSeconds=${timeoutSeconds}`,
        res => {
          if ((res.statusCode ?? 0) >= 300) {
            finish(new Error(`watch ${collection}: HTTP ${res.statusCode}`));
            return;
          }
          res.on('data', (chunk: Buffer) => {
            const at = preciseNow();
            buffered += chunk.toString('utf8');
            let newline = buffered.indexOf('\n');
            while (newline >= 0) {
              const line = buffered.slice(0, newline).trim();
              buffered = buffered.slice(newline + 1);
              newline = buffered.indexOf('\n');
              if (!line) continue;
              const event = JSON.parse(line);
              // ERROR (e.g. 410 Gone: the resourceVersion is too old): list and watch again
              if (event.type === 'ERROR') return finish('again');
              if (valueAt(event.object, spec.path) === spec.value)
                return finish(at);
            }
            return undefined;
          });
          res.on('end', () => finish('again'));
          res.on('error', () => finish('again'));
        },
      ).then(
        r => {
          watch.req = r;
          if (watch.settled) r.destroy();
          // a connection lost mid-watch: list and watch again (until the deadline)
          r.on('error', () => finish('again'));
        },
        error => finish(error),
      );
    });
    if (outcome !== 'again') return outcome;
  }
}
