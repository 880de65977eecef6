import { applyConflictStatus } from './conflictStatus';
import { serverSideApply } from './serverSideApply';
import { trackUpdate } from './trackUpdate';
import { KubeObject } from './types';

const T1 = '2024-05-01T10:00:00Z';
const T2 = '2024-05-01T11:00:00Z';
const T3 = '2024-05-01T12:00:00Z';

const configMap = (
  data: Record<string, string>,
  extra: Record<string, any> = {},
): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'cm', namespace: 'default', ...extra },
  data,
});

function apply(
  live: KubeObject | undefined,
  applied: KubeObject,
  manager: string,
  now = T1,
  force = false,
) {
  const result = serverSideApply({ live, applied, manager, force, now });
  if (!result.ok) {
    throw new Error(
      `unexpected conflicts: ${JSON.stringify(result.conflicts)}`,
    );
  }
  return result.object;
}

/** Stands in for the server storing an object. */
const stored = (obj: KubeObject): KubeObject => ({
  ...obj,
  metadata: { ...obj.metadata, resourceVersion: '1', uid: 'uid-1' },
});

const owners = (obj: KubeObject) =>
  obj.metadata.managedFields.map((e: any) => [
    e.manager,
    e.operation,
    e.fieldsV1,
  ]);

describe('serverSideApply', () => {
  it('creates: the applier owns every field it sent', () => {
    const object = apply(
      undefined,
      configMap({ a: '1' }, { labels: { team: 'x' } }),
      'alpha',
    );
    expect(object).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'cm',
        namespace: 'default',
        labels: { team: 'x' },
        managedFields: [
          {
            manager: 'alpha',
            operation: 'Apply',
            apiVersion: 'v1',
            time: T1,
            fieldsType: 'FieldsV1',
            fieldsV1: {
              'f:data': { 'f:a': {} },
              'f:metadata': { 'f:labels': { 'f:team': {} } },
            },
          },
        ],
      },
      data: { a: '1' },
    });
  });

  it('re-applying the same configuration changes nothing, not even the time', () => {
    const first = stored(apply(undefined, configMap({ a: '1' }), 'alpha', T1));
    expect(apply(first, configMap({ a: '1' }), 'alpha', T2)).toEqual(first);
  });

  it('takes neither server metadata nor status from the applied configuration', () => {
    const live = stored(apply(undefined, configMap({ a: '1' }), 'alpha'));
    const applied = {
      ...configMap(
        { a: '2' },
        {
          resourceVersion: '999',
          uid: 'other',
          managedFields: [{ manager: 'forged' }],
        },
      ),
      status: { phase: 'x' },
    };
    const object = apply(live, applied, 'alpha', T2);
    expect(object.metadata.resourceVersion).toBe('1');
    expect(object.metadata.uid).toBe('uid-1');
    expect(object.status).toBeUndefined();
    expect(owners(object)).toEqual([
      ['alpha', 'Apply', { 'f:data': { 'f:a': {} } }],
    ]);
  });

  it('shares ownership when a second applier sends the same value', () => {
    const live = stored(apply(undefined, configMap({ a: '1' }), 'alpha'));
    const object = apply(live, configMap({ a: '1', b: '2' }), 'beta', T2);
    expect(object.data).toEqual({ a: '1', b: '2' });
    expect(owners(object)).toEqual([
      ['alpha', 'Apply', { 'f:data': { 'f:a': {} } }],
      ['beta', 'Apply', { 'f:data': { 'f:a': {}, 'f:b': {} } }],
    ]);
  });

  it('refuses to change a field another manager owns, and names it', () => {
    const live = stored(
      apply(undefined, configMap({ a: '1', b: '1' }), 'alpha'),
    );
    const before = JSON.parse(JSON.stringify(live));
    const result = serverSideApply({
      live,
      applied: configMap({ a: '2', b: '1', c: '1' }),
      manager: 'beta',
      force: false,
      now: T2,
    });
    expect(result).toEqual({
      ok: false,
      conflicts: [
        {
          manager: 'alpha',
          field: '.data.a',
          operation: 'Apply',
          apiVersion: 'v1',
        },
      ],
    });
    expect(live).toEqual(before);
    expect(
      applyConflictStatus(result.ok ? [] : result.conflicts, {
        name: 'cm',
        group: '',
        kind: 'configmaps',
      }),
    ).toMatchObject({
      message: 'Apply failed with 1 conflict: conflict with "alpha": .data.a',
    });
  });

  it('with force, takes the conflicting fields away from their owners', () => {
    const live = stored(
      apply(undefined, configMap({ a: '1', b: '1' }), 'alpha'),
    );
    const object = apply(live, configMap({ a: '2' }), 'beta', T2, true);
    expect(object.data).toEqual({ a: '2', b: '1' });
    expect(owners(object)).toEqual([
      ['alpha', 'Apply', { 'f:data': { 'f:b': {} } }],
      ['beta', 'Apply', { 'f:data': { 'f:a': {} } }],
    ]);
  });

  it('drops an entry that force left owning nothing', () => {
    const live = stored(apply(undefined, configMap({ a: '1' }), 'alpha'));
    const object = apply(live, configMap({ a: '2' }), 'beta', T2, true);
    expect(owners(object)).toEqual([
      ['beta', 'Apply', { 'f:data': { 'f:a': {} } }],
    ]);
  });

  describe('when an applier stops applying a field', () => {
    const cases: Array<
      [string, (live: KubeObject) => KubeObject, Record<string, string>, any[]]
    > = [
      [
        'owned alone, it is removed',
        live => live,
        { a: '1' },
        [['alpha', 'Apply', { 'f:data': { 'f:a': {} } }]],
      ],
      [
        'co-owned by another applier, it stays with that owner',
        live => stored(apply(live, configMap({ b: '2' }), 'beta', T2)),
        { a: '1', b: '2' },
        [
          ['alpha', 'Apply', { 'f:data': { 'f:a': {} } }],
          ['beta', 'Apply', { 'f:data': { 'f:b': {} } }],
        ],
      ],
      [
        'changed since by an update, it stays with the updater',
        live =>
          stored({
            ...live,
            data: { ...live.data, b: '3' },
            metadata: {
              ...live.metadata,
              managedFields: trackUpdate({
                live,
                updated: { ...live, data: { ...live.data, b: '3' } },
                manager: 'editor',
                now: T2,
              }),
            },
          }),
        { a: '1', b: '3' },
        [
          ['alpha', 'Apply', { 'f:data': { 'f:a': {} } }],
          ['editor', 'Update', { 'f:data': { 'f:b': {} } }],
        ],
      ],
    ];

    it.each(cases)('%s', (_name, meanwhile, data, expectedOwners) => {
      const first = stored(
        apply(undefined, configMap({ a: '1', b: '2' }), 'alpha'),
      );
      const object = apply(
        meanwhile(first),
        configMap({ a: '1' }),
        'alpha',
        T3,
      );
      expect(object.data).toEqual(data);
      expect(owners(object)).toEqual(expectedOwners);
    });

    it('removes a map left empty, but never metadata', () => {
      const first = stored(
        apply(
          undefined,
          configMap({ a: '1' }, { labels: { x: 'y' } }),
          'alpha',
        ),
      );
      const object = apply(
        first,
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'cm', namespace: 'default' },
        },
        'alpha',
        T2,
      );
      expect(object.data).toBeUndefined();
      expect(object.metadata.labels).toBeUndefined();
      expect(object.metadata.name).toBe('cm');
      expect(object.metadata).not.toHaveProperty('managedFields');
    });
  });

  describe('a Deployment scaled with kubectl scale', () => {
    const deployment = (spec: Record<string, any>): KubeObject => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default' },
      spec: { selector: { matchLabels: { app: 'web' } }, ...spec },
    });
    const scaled = () => {
      const live = stored(
        apply(undefined, deployment({ replicas: 2 }), 'gitops'),
      );
      const updated = { ...live, spec: { ...live.spec, replicas: 5 } };
      const managedFields = trackUpdate({
        live,
        updated,
        manager: 'kubectl',
        now: T2,
        subresource: 'scale',
      });
      return stored({
        ...updated,
        metadata: { ...updated.metadata, managedFields },
      });
    };

    it('moves .spec.replicas to the scaling manager', () => {
      expect(scaled().metadata.managedFields).toEqual([
        expect.objectContaining({
          manager: 'gitops',
          operation: 'Apply',
          fieldsV1: { 'f:spec': { 'f:selector': {} } },
        }),
        {
          manager: 'kubectl',
          operation: 'Update',
          apiVersion: 'apps/v1',
          time: T2,
          fieldsType: 'FieldsV1',
          fieldsV1: { 'f:spec': { 'f:replicas': {} } },
          subresource: 'scale',
        },
      ]);
    });

    it('makes the next apply of another replica count conflict', () => {
      const result = serverSideApply({
        live: scaled(),
        applied: deployment({ replicas: 2 }),
        manager: 'gitops',
        force: false,
        now: T3,
      });
      expect(result.ok).toBe(false);
      const conflicts = result.ok ? [] : result.conflicts;
      expect(conflicts).toEqual([
        {
          manager: 'kubectl',
          field: '.spec.replicas',
          operation: 'Update',
          apiVersion: 'apps/v1',
          subresource: 'scale',
        },
      ]);
      expect(
        applyConflictStatus(conflicts, {
          name: 'web',
          group: 'apps',
          kind: 'deployments',
        }),
      ).toMatchObject({
        message:
          'Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps/v1: .spec.replicas',
      });
    });

    it('leaves the scaled count alone when the applier stops applying replicas', () => {
      const object = apply(scaled(), deployment({}), 'gitops', T3);
      expect(object.spec.replicas).toBe(5);
    });
  });

  describe('associative lists', () => {
    const withContainers = (containers: any[]): KubeObject => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: { template: { spec: { containers } } },
    });

    it('merges items by key, each manager owning its own', () => {
      const one = stored(
        apply(
          undefined,
          withContainers([{ name: 'web', image: 'nginx:1' }]),
          'alpha',
        ),
      );
      const two = stored(
        apply(
          one,
          withContainers([{ name: 'sidecar', image: 'envoy' }]),
          'beta',
          T2,
        ),
      );
      const three = stored(
        apply(
          two,
          withContainers([{ name: 'web', image: 'nginx:2' }]),
          'alpha',
          T3,
        ),
      );
      expect(three.spec.template.spec.containers).toEqual([
        { name: 'web', image: 'nginx:2' },
        { name: 'sidecar', image: 'envoy' },
      ]);
      expect(
        owners(three).map((o: any[]) => [
          o[0],
          Object.keys(o[2]['f:spec']['f:template']['f:spec']['f:containers']),
        ]),
      ).toEqual([
        ['beta', ['k:{"name":"sidecar"}']],
        ['alpha', ['k:{"name":"web"}']],
      ]);
      const four = apply(three, withContainers([]), 'beta', T3);
      expect(four.spec.template.spec.containers).toEqual([
        { name: 'web', image: 'nginx:2' },
      ]);
    });

    it('reports a conflict inside a list item by its key', () => {
      const container = (value: string) => [
        { name: 'web', env: [{ name: 'A', value }] },
      ];
      const live = stored(
        apply(undefined, withContainers(container('1')), 'alpha'),
      );
      const edited = withContainers(container('2'));
      const managedFields = trackUpdate({
        live,
        updated: { ...live, ...edited, metadata: live.metadata },
        manager: 'editor',
        now: T2,
      });
      const current = stored({
        ...live,
        ...edited,
        metadata: { ...live.metadata, managedFields },
      });
      const result = serverSideApply({
        live: current,
        applied: withContainers(container('1')),
        manager: 'alpha',
        force: false,
        now: T3,
      });
      expect(result).toEqual({
        ok: false,
        conflicts: [
          {
            manager: 'editor',
            field:
              '.spec.template.spec.containers[name="web"].env[name="A"].value',
            operation: 'Update',
            apiVersion: 'apps/v1',
          },
        ],
      });
    });

    it('replaces an atomic list whole, and conflicts on it as one field', () => {
      const withArgs = (args: string[]) =>
        withContainers([{ name: 'web', args }]);
      const live = stored(apply(undefined, withArgs(['a', 'b']), 'alpha'));
      const result = serverSideApply({
        live,
        applied: withArgs(['c']),
        manager: 'beta',
        force: false,
        now: T2,
      });
      expect(result.ok ? [] : result.conflicts.map(c => c.field)).toEqual([
        '.spec.template.spec.containers[name="web"].args',
      ]);
      const forced = apply(live, withArgs(['c']), 'beta', T2, true);
      expect(forced.spec.template.spec.containers).toEqual([
        { name: 'web', args: ['c'] },
      ]);
    });
  });

  it('lists Apply entries before Update entries', () => {
    const live = stored(apply(undefined, configMap({ a: '1' }), 'zeta'));
    const updated = { ...live, data: { a: '1', b: '1' } };
    const withUpdate = stored({
      ...updated,
      metadata: {
        ...live.metadata,
        managedFields: trackUpdate({ live, updated, manager: 'aaa', now: T2 }),
      },
    });
    const object = apply(withUpdate, configMap({ c: '1' }), 'mid', T3);
    expect(
      object.metadata.managedFields.map(
        (e: any) => `${e.operation}:${e.manager}`,
      ),
    ).toEqual(['Apply:zeta', 'Apply:mid', 'Update:aaa']);
  });
});
