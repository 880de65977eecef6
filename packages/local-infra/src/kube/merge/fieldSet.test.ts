import { FieldSet, pathToString } from './fieldSet';

describe('FieldSet', () => {
  const roundTrips: Array<[string, any]> = [
    [
      'the shape from the API docs',
      {
        'f:metadata': { 'f:labels': { 'f:app': {} } },
        'f:spec': {
          'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:image': {} } },
        },
      },
    ],
    [
      'a set of primitives',
      { 'f:metadata': { 'f:finalizers': { 'v:"a"': {}, 'v:"b"': {} } } },
    ],
    [
      'a compound key',
      {
        'f:spec': {
          'f:ports': {
            'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:port': {} },
          },
        },
      },
    ],
    [
      'a map that is a member',
      { 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } } },
    ],
    ['an atomic leaf', { 'f:spec': { 'f:selector': {} } }],
  ];

  it.each(roundTrips)('round-trips %s', (_name, fieldsV1) => {
    expect(FieldSet.fromFieldsV1(fieldsV1).toFieldsV1()).toEqual(fieldsV1);
  });

  it('serializes members in the API order: "." first, fields by name, numeric keys by value', () => {
    const set = FieldSet.of([
      [
        { field: 'spec' },
        { field: 'ports' },
        { key: { port: 443, protocol: 'TCP' } },
      ],
      [
        { field: 'spec' },
        { field: 'ports' },
        { key: { port: 80, protocol: 'TCP' } },
      ],
      [
        { field: 'spec' },
        { field: 'ports' },
        { key: { protocol: 'TCP', port: 80 } },
        { field: 'port' },
      ],
      [{ field: 'spec' }, { field: 'clusterIP' }],
    ]);
    const json = JSON.stringify(set.toFieldsV1());
    expect(json).toBe(
      '{"f:spec":{"f:clusterIP":{},"f:ports":{"k:{\\"port\\":80,\\"protocol\\":\\"TCP\\"}":{".":{},"f:port":{}},"k:{\\"port\\":443,\\"protocol\\":\\"TCP\\"}":{}}}}',
    );
  });

  it.each([
    [[{ field: 'spec' }, { field: 'replicas' }], '.spec.replicas'],
    [
      [
        { field: 'spec' },
        { field: 'containers' },
        { key: { name: 'web' } },
        { field: 'image' },
      ],
      '.spec.containers[name="web"].image',
    ],
    [
      [
        { field: 'spec' },
        { field: 'ports' },
        { key: { protocol: 'TCP', port: 80 } },
      ],
      '.spec.ports[port=80,protocol="TCP"]',
    ],
    [
      [{ field: 'metadata' }, { field: 'finalizers' }, { value: 'x' }],
      '.metadata.finalizers[="x"]',
    ],
    [
      [
        { field: 'metadata' },
        { field: 'annotations' },
        { field: 'example.com/a' },
      ],
      '.metadata.annotations.example.com/a',
    ],
    [[{ field: 'items' }, { index: 2 }], '.items[2]'],
  ] as any[])('prints %j as %s', (path, text) => {
    expect(pathToString(path)).toBe(text);
  });

  const a = FieldSet.fromFieldsV1({
    'f:data': { 'f:x': {}, 'f:y': {} },
    'f:spec': { 'f:replicas': {} },
  });
  const b = FieldSet.fromFieldsV1({ 'f:data': { 'f:y': {}, 'f:z': {} } });

  it.each([
    [
      'union',
      a.union(b),
      {
        'f:data': { 'f:x': {}, 'f:y': {}, 'f:z': {} },
        'f:spec': { 'f:replicas': {} },
      },
    ],
    [
      'difference',
      a.difference(b),
      { 'f:data': { 'f:x': {} }, 'f:spec': { 'f:replicas': {} } },
    ],
    ['intersection', a.intersection(b), { 'f:data': { 'f:y': {} } }],
  ])('%s', (_name, result, expected) => {
    expect(result.toFieldsV1()).toEqual(expected);
  });

  it('answers membership questions', () => {
    const set = FieldSet.fromFieldsV1({
      'f:spec': {
        'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:image': {} } },
      },
    });
    const item = [
      { field: 'spec' },
      { field: 'containers' },
      { key: { name: 'web' } },
    ];
    expect(set.has(item)).toBe(true);
    expect(set.has([{ field: 'spec' }])).toBe(false);
    expect(set.hasAtOrBelow([{ field: 'spec' }])).toBe(true);
    expect(set.hasAtOrBelow([{ field: 'metadata' }])).toBe(false);
    expect(set.paths().map(pathToString)).toEqual([
      '.spec.containers[name="web"]',
      '.spec.containers[name="web"].image',
    ]);
    expect(new FieldSet().isEmpty()).toBe(true);
    expect(set.difference(set).isEmpty()).toBe(true);
  });
});
