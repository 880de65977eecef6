import { ObjectStore, StoreEvent } from './store';

const cm = (name: string, value: string, namespace = 'default') => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace },
  data: { value },
});

describe('ObjectStore', () => {
  it('bumps one global resourceVersion on every write, including deletions', () => {
    const store = new ObjectStore(100, 10);
    const a = store.create('/configmaps', cm('a', '1'));
    const b = store.create('/secrets', cm('b', '1'));
    const a2 = store.update('/configmaps', { ...a, data: { value: '2' } });
    const gone = store.remove('/configmaps', 'default', 'a');
    expect([a, b, a2, gone].map(o => o!.metadata.resourceVersion)).toEqual([
      '11',
      '12',
      '13',
      '14',
    ]);
    expect(store.currentRv()).toBe(14);
  });

  it('returns copies: callers cannot change stored objects', () => {
    const store = new ObjectStore();
    store.create('/configmaps', cm('a', '1'));
    const copy = store.get('/configmaps', 'default', 'a')!;
    copy.data.value = 'changed';
    expect(store.get('/configmaps', 'default', 'a')!.data.value).toBe('1');
  });

  it('delivers events in resourceVersion order even when a listener writes', () => {
    const store = new ObjectStore();
    const seen: number[] = [];
    store.subscribe(e => {
      if (e.name === 'a' && e.type === 'ADDED')
        store.create('/configmaps', cm('b', '1'));
    });
    store.subscribe(e => seen.push(e.rv));
    store.create('/configmaps', cm('a', '1'));
    expect(seen).toEqual([1001, 1002]);
  });

  it('replays events after a resourceVersion and reports compacted history as undefined', () => {
    const store = new ObjectStore(3, 0);
    for (let i = 1; i <= 5; i++)
      store.create('/configmaps', cm(`c${i}`, String(i)));
    expect(store.eventsAfter(3)!.map((e: StoreEvent) => e.name)).toEqual([
      'c4',
      'c5',
    ]);
    expect(store.oldestRv()).toBe(2);
    expect(store.eventsAfter(1)).toBeUndefined();
  });

  it('reconstructs a consistent snapshot at an older resourceVersion', () => {
    const store = new ObjectStore();
    store.create('/configmaps', cm('a', '1'));
    const at = store.currentRv();
    store.update('/configmaps', cm('a', '2'));
    store.create('/configmaps', cm('b', '1'));
    store.remove('/configmaps', 'default', 'a');
    const then = store.snapshot('/configmaps', at)!;
    expect(then.map(o => [o.metadata.name, o.data.value])).toEqual([
      ['a', '1'],
    ]);
    expect(store.list('/configmaps').map(o => o.metadata.name)).toEqual(['b']);
  });

  it('lists in namespace/name order and filters by namespace', () => {
    const store = new ObjectStore();
    store.create('/configmaps', cm('z', '1', 'a-ns'));
    store.create('/configmaps', cm('b', '1', 'b-ns'));
    store.create('/configmaps', cm('a', '1', 'b-ns'));
    expect(
      store
        .list('/configmaps')
        .map(o => `${o.metadata.namespace}/${o.metadata.name}`),
    ).toEqual(['a-ns/z', 'b-ns/a', 'b-ns/b']);
    expect(store.list('/configmaps', 'a-ns')).toHaveLength(1);
  });
});
