import { RenderCache } from './renderCache';
import type { RenderResult } from './renderManifests';

const result = (objects: number, digest: string): RenderResult => ({
  digest,
  objects: Array.from({ length: objects }, (_, i) => ({
    object: {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: `c${i}` },
    },
    source: 'a.yaml',
  })),
});

describe('RenderCache', () => {
  it('renders each key once while it fits', async () => {
    const cache = new RenderCache(100);
    const render = jest.fn(async () => result(20, 'a'));
    await cache.get('a', render);
    await cache.get('a', render);
    expect(render).toHaveBeenCalledTimes(1);
  });

  it('keeps a thousand small renders (the bound is objects, not renders)', async () => {
    const cache = new RenderCache(20_000);
    for (let i = 0; i < 1000; i++)
      await cache.get(`app-${i}`, async () => result(20, `${i}`));
    const again = jest.fn(async () => result(20, 'x'));
    for (let i = 0; i < 1000; i++) await cache.get(`app-${i}`, again);
    expect(again).not.toHaveBeenCalled();
    expect(cache.size).toEqual({ renders: 1000, objects: 20_000 });
  });

  it('drops the least recently used renders first when objects exceed the bound', async () => {
    const cache = new RenderCache(50);
    await cache.get('a', async () => result(20, 'a'));
    await cache.get('b', async () => result(20, 'b'));
    await cache.get('a', async () => result(20, 'a2')); // a is now the most recent
    await cache.get('c', async () => result(20, 'c')); // 60 objects: b goes
    expect(cache.size).toEqual({ renders: 2, objects: 40 });
    expect((await cache.get('a', async () => result(1, 'new'))).digest).toBe(
      'a',
    );
    expect(
      (await cache.get('b', async () => result(1, 'b-again'))).digest,
    ).toBe('b-again');
  });

  it('does not keep failures or a render larger than the whole bound', async () => {
    const cache = new RenderCache(10);
    await expect(
      cache.get('bad', async () => Promise.reject(new Error('invalid YAML'))),
    ).rejects.toThrow('invalid YAML');
    await cache.get('huge', async () => result(11, 'huge'));
    expect(cache.size).toEqual({ renders: 0, objects: 0 });
  });
});
