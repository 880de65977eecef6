import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { createTestApp, documentedRoutes } from './__testUtils__/routerTestKit';
import { HEALTH_PATH, WEBHOOK_PATH } from './router';

/** Every method + path the express router serves, e.g. `get /applications/:id`. */
async function servedRoutes(): Promise<string[]> {
  const { router } = await createTestApp();
  const routes: string[] = [];
  for (const layer of (router as any).stack as any[]) {
    if (!layer.route) continue;
    for (const method of Object.keys(layer.route.methods)) {
      routes.push(`${method} ${layer.route.path}`);
    }
  }
  return routes.sort();
}

describe('openapi.yaml', () => {
  it('documents exactly the routes the router serves', async () => {
    const served = await servedRoutes();
    const documented = documentedRoutes()
      .map(r => `${r.method} ${r.path}`)
      .sort();
    expect(served.length).toBeGreaterThan(10);
    expect(documented).toEqual(served);
  });

  it('leaves only the webhook receiver and the health probe without bearer auth', () => {
    const open = documentedRoutes()
      .filter(r => !r.authenticated)
      .map(r => r.path)
      .sort();
    expect(open).toEqual([HEALTH_PATH, `${WEBHOOK_PATH}/:provider`]);
  });

  it('has no dangling $ref', () => {
    const doc = parse(readFileSync(resolve(__dirname, 'openapi.yaml'), 'utf8'));
    const refs: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          if (key === '$ref' && typeof value === 'string') refs.push(value);
          else walk(value);
        }
      }
    };
    walk(doc);
    const dangling = refs.filter(ref => {
      const target = ref
        .replace(/^#\//, '')
        .split('/')
        .reduce<any>((node, key) => node?.[key], doc);
      return target === undefined;
    });
    expect(refs.length).toBeGreaterThan(20);
    expect(dangling).toEqual([]);
  });
});
