import { serverSideApply } from './serverSideApply';
import { trackUpdate } from './trackUpdate';
import { KubeObject } from './types';

const T1 = '2024-05-01T10:00:00Z';
const T2 = '2024-05-01T11:00:00Z';
const T3 = '2024-05-01T12:00:00Z';

const configMap = (
  data: Record<string, string>,
  metadata: Record<string, any> = {},
): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'cm', namespace: 'default', ...metadata },
  data,
});

/** An object as stored after `manager` wrote it with an update. */
function written(
  live: KubeObject | undefined,
  updated: KubeObject,
  manager: string,
  now: string,
  subresource?: string,
) {
  const managedFields = trackUpdate({
    live,
    updated,
    manager,
    now,
    subresource,
  });
  return { ...updated, metadata: { ...updated.metadata, managedFields } };
}

const summary = (entries: any[]) =>
  entries.map(e => [e.manager, e.operation, e.time, e.fieldsV1]);

describe('trackUpdate', () => {
  it('on create gives the writer every field, marking maps that were added', () => {
    expect(
      trackUpdate({
        updated: configMap({ a: '1' }, { labels: { x: 'y' } }),
        manager: 'creator',
        now: T1,
      }),
    ).toEqual([
      {
        manager: 'creator',
        operation: 'Update',
        apiVersion: 'v1',
        time: T1,
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:data': { '.': {}, 'f:a': {} },
          'f:metadata': { 'f:labels': { '.': {}, 'f:x': {} } },
        },
      },
    ]);
  });

  const applied = serverSideApply({
    applied: configMap({ a: '1', b: '1' }),
    manager: 'alpha',
    force: false,
    now: T1,
  });
  const live = applied.ok ? applied.object : (undefined as never);

  const cases: Array<[string, KubeObject, any[]]> = [
    [
      'a changed value moves to the writer',
      configMap({ a: '2', b: '1' }),
      [
        ['alpha', 'Apply', T1, { 'f:data': { 'f:b': {} } }],
        ['editor', 'Update', T2, { 'f:data': { 'f:a': {} } }],
      ],
    ],
    [
      'an added value belongs to the writer alone',
      configMap({ a: '1', b: '1', c: '1' }),
      [
        ['alpha', 'Apply', T1, { 'f:data': { 'f:a': {}, 'f:b': {} } }],
        ['editor', 'Update', T2, { 'f:data': { 'f:c': {} } }],
      ],
    ],
    [
      'a removed value leaves every entry',
      configMap({ a: '1' }),
      [['alpha', 'Apply', T1, { 'f:data': { 'f:a': {} } }]],
    ],
    [
      'a write that changes nothing gives the writer nothing',
      configMap({ a: '1', b: '1' }),
      [['alpha', 'Apply', T1, { 'f:data': { 'f:a': {}, 'f:b': {} } }]],
    ],
    [
      'a status change is not the main resource’s',
      { ...configMap({ a: '1', b: '1' }), status: { x: 1 } },
      [['alpha', 'Apply', T1, { 'f:data': { 'f:a': {}, 'f:b': {} } }]],
    ],
  ];

  it.each(cases)('%s', (_name, updated, expected) => {
    const result = trackUpdate({
      live,
      updated: {
        ...updated,
        metadata: {
          ...updated.metadata,
          managedFields: live.metadata.managedFields,
        },
      },
      manager: 'editor',
      now: T2,
    });
    expect(summary(result)).toEqual(expected);
  });

  it('adds to the same writer’s entry, keeping the time of its last real change', () => {
    const once = written(
      live,
      configMap(
        { a: '2', b: '1' },
        { managedFields: live.metadata.managedFields },
      ),
      'editor',
      T2,
    );
    const twice = written(
      once,
      { ...configMap({ a: '2', b: '2' }), metadata: once.metadata },
      'editor',
      T3,
    );
    expect(summary(twice.metadata.managedFields)).toEqual([
      ['editor', 'Update', T3, { 'f:data': { 'f:a': {}, 'f:b': {} } }],
    ]);
    const idle = trackUpdate({
      live: twice,
      updated: twice,
      manager: 'editor',
      now: '2024-05-02T00:00:00Z',
    });
    expect(summary(idle)).toEqual([
      ['editor', 'Update', T3, { 'f:data': { 'f:a': {}, 'f:b': {} } }],
    ]);
  });

  it('keeps writers at different apiVersions apart', () => {
    const v1 = written(undefined, configMap({ a: '1' }), 'editor', T1);
    const v2 = trackUpdate({
      live: v1,
      updated: { ...v1, apiVersion: 'v2', data: { a: '1', b: '1' } },
      manager: 'editor',
      now: T2,
    });
    expect(v2.map(e => [e.apiVersion, e.fieldsV1])).toEqual([
      ['v1', { 'f:data': { '.': {}, 'f:a': {} } }],
      ['v2', { 'f:data': { 'f:b': {} } }],
    ]);
  });

  it('for the status subresource, tracks only status in an entry of its own', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { nodeName: 'a' },
      status: { phase: 'Pending' },
    };
    const created = written(undefined, pod, 'creator', T1);
    const updated = {
      ...created,
      spec: { nodeName: 'b' },
      status: {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True' }],
      },
    };
    const result = trackUpdate({
      live: created,
      updated,
      manager: 'kubelet',
      now: T2,
      subresource: 'status',
    });
    expect(result).toEqual([
      expect.objectContaining({
        manager: 'creator',
        fieldsV1: { 'f:spec': { 'f:nodeName': {} } },
      }),
      expect.objectContaining({
        manager: 'kubelet',
        subresource: 'status',
        fieldsV1: {
          'f:status': {
            'f:conditions': {
              '.': {},
              'k:{"type":"Ready"}': { '.': {}, 'f:status': {}, 'f:type': {} },
            },
            'f:phase': {},
          },
        },
      }),
    ]);
  });

  it('skips managedFields entries it cannot read', () => {
    const sent = [
      {
        manager: 'bad',
        operation: 'Update',
        apiVersion: 'v1',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'k:{oops': {} },
      },
      {
        manager: 'odd',
        operation: 'Sideways',
        apiVersion: 'v1',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:data': {} },
      },
      {
        manager: 'good',
        operation: 'Update',
        apiVersion: 'v1',
        time: T1,
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:data': { 'f:b': {} } },
      },
    ];
    const updated = {
      ...configMap({ a: '1', b: '1' }),
      metadata: { ...live.metadata, managedFields: sent },
    };
    expect(
      summary(trackUpdate({ live, updated, manager: 'editor', now: T2 })),
    ).toEqual([['good', 'Update', T1, { 'f:data': { 'f:b': {} } }]]);
  });

  it('lets a write replace managedFields, and clears them with a single empty entry', () => {
    const replaced = [
      {
        manager: 'someone',
        operation: 'Update',
        apiVersion: 'v1',
        time: T1,
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:data': { 'f:b': {} } },
      },
    ];
    const sent = {
      ...configMap({ a: '1', b: '1' }),
      metadata: { ...live.metadata, managedFields: replaced },
    };
    expect(
      summary(trackUpdate({ live, updated: sent, manager: 'editor', now: T2 })),
    ).toEqual([['someone', 'Update', T1, { 'f:data': { 'f:b': {} } }]]);
    const cleared = {
      ...sent,
      metadata: { ...sent.metadata, managedFields: [{}] },
    };
    expect(
      trackUpdate({ live, updated: cleared, manager: 'editor', now: T2 }),
    ).toEqual([]);
    const empty = {
      ...sent,
      metadata: { ...sent.metadata, managedFields: [] },
    };
    expect(
      summary(
        trackUpdate({ live, updated: empty, manager: 'editor', now: T2 }),
      ),
    ).toEqual([['alpha', 'Apply', T1, { 'f:data': { 'f:a': {}, 'f:b': {} } }]]);
  });
});
