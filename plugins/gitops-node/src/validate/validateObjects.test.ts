import type { KubeObject, RenderedObject } from '../objects/objects';
import { ValidationError } from './errors';
import {
  NamespacePolicy,
  ScopeLookup,
  validateObjects,
} from './validateObjects';

const served: Record<string, 'Namespaced' | 'Cluster'> = {
  'v1/ConfigMap': 'Namespaced',
  'v1/Secret': 'Namespaced',
  'v1/Namespace': 'Cluster',
  'apps/v1/Deployment': 'Namespaced',
  'rbac.authorization.k8s.io/v1/ClusterRole': 'Cluster',
  'apiextensions.k8s.io/v1/CustomResourceDefinition': 'Cluster',
};
const scope: ScopeLookup = (apiVersion, kind) =>
  served[`${apiVersion}/${kind}`];

const policy: NamespacePolicy = {
  namespace: 'team-a',
  allowedNamespaces: ['team-a-jobs'],
  allowClusterScoped: false,
};

function obj(
  apiVersion: string,
  kind: string,
  name: string,
  namespace?: string,
  extra: object = {},
): KubeObject {
  return {
    apiVersion,
    kind,
    metadata: { name, ...(namespace ? { namespace } : {}) },
    ...extra,
  };
}
const r = (object: unknown, source = 'app/x.yaml'): RenderedObject => ({
  object: object as KubeObject,
  source,
});

const widgetCrd = (scopeName: string) =>
  obj(
    'apiextensions.k8s.io/v1',
    'CustomResourceDefinition',
    'widgets.example.com',
    undefined,
    {
      spec: {
        group: 'example.com',
        names: { kind: 'Widget', plural: 'widgets' },
        scope: scopeName,
        versions: [{ name: 'v1' }],
      },
    },
  );

function problemsOf(
  objects: RenderedObject[],
  p: NamespacePolicy = policy,
): string[] {
  try {
    validateObjects(objects, p, scope);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as ValidationError).message.split('\n').slice(1);
  }
  return [];
}

describe('validateObjects', () => {
  it.each<[string, RenderedObject[], NamespacePolicy, string[]]>([
    [
      'a namespaced object without namespace gets the default',
      [r(obj('v1', 'ConfigMap', 'c'))],
      policy,
      ['ConfigMap team-a/c'],
    ],
    [
      'an allowed extra namespace is kept',
      [r(obj('v1', 'ConfigMap', 'c', 'team-a-jobs'))],
      policy,
      ['ConfigMap team-a-jobs/c'],
    ],
    [
      'an allowed Namespace object passes without cluster scope',
      [r(obj('v1', 'Namespace', 'team-a-jobs'))],
      policy,
      ['Namespace team-a-jobs'],
    ],
    [
      'cluster-scoped objects lose a stray namespace',
      [
        r(
          obj(
            'rbac.authorization.k8s.io/v1',
            'ClusterRole',
            'reader',
            'team-a',
          ),
        ),
      ],
      { ...policy, allowClusterScoped: true },
      ['ClusterRole reader'],
    ],
    [
      'a custom resource defined by a CRD in the same set takes its scope',
      [r(widgetCrd('Namespaced')), r(obj('example.com/v1', 'Widget', 'w'))],
      { ...policy, allowClusterScoped: true },
      ['CustomResourceDefinition widgets.example.com', 'Widget team-a/w'],
    ],
    [
      'a cluster-scoped custom resource from a CRD in the same set',
      [
        r(widgetCrd('Cluster')),
        r(obj('example.com/v1', 'Widget', 'w', 'team-a')),
      ],
      { ...policy, allowClusterScoped: true },
      ['CustomResourceDefinition widgets.example.com', 'Widget w'],
    ],
  ])('%s', (_name, objects, p, expected) => {
    const out = validateObjects(objects, p, scope);
    expect(
      out.map(
        o =>
          `${o.object.kind} ${
            o.object.metadata.namespace ? `${o.object.metadata.namespace}/` : ''
          }${o.object.metadata.name}`,
      ),
    ).toEqual(expected);
  });

  it.each<[string, RenderedObject[], NamespacePolicy, string[]]>([
    [
      'a missing apiVersion and kind',
      [r({ metadata: { name: 'x' } })],
      policy,
      [
        'app/x.yaml: (no kind) x: apiVersion is missing or not a string',
        'app/x.yaml: (no kind) x: kind is missing or not a string',
      ],
    ],
    [
      'a missing name',
      [r({ apiVersion: 'v1', kind: 'ConfigMap', metadata: {} })],
      policy,
      [
        'app/x.yaml: ConfigMap (unnamed): metadata.name is missing or not a string',
      ],
    ],
    [
      'generateName',
      [
        r({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { generateName: 'c-' },
        }),
      ],
      policy,
      [
        expect.stringMatching(
          /ConfigMap \(unnamed\): metadata.generateName is not supported/,
        ),
      ],
    ],
    [
      'a numeric name',
      [r({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 5 } })],
      policy,
      [
        'app/x.yaml: ConfigMap (unnamed): metadata.name is missing or not a string',
      ],
    ],
    [
      'no metadata',
      [r({ apiVersion: 'v1', kind: 'ConfigMap' })],
      policy,
      ['app/x.yaml: ConfigMap (unnamed): metadata is missing or not a mapping'],
    ],
    [
      'a non-string label',
      [
        r({
          ...obj('v1', 'ConfigMap', 'c'),
          metadata: { name: 'c', labels: { tier: 3 } },
        }),
      ],
      policy,
      [
        'app/x.yaml: ConfigMap c: metadata.labels must map strings to strings (quote numbers and booleans)',
      ],
    ],
    [
      'an invalid name',
      [r(obj('v1', 'ConfigMap', 'My_Config'))],
      policy,
      [
        expect.stringMatching(
          /^app\/x\.yaml: ConfigMap team-a\/My_Config: metadata.name "My_Config" must be a DNS subdomain/,
        ),
      ],
    ],
    [
      'an unknown kind',
      [r(obj('example.com/v1', 'Widget', 'w'))],
      policy,
      [
        'app/x.yaml: Widget w: unknown kind: the cluster does not serve Widget in example.com/v1, and no CustomResourceDefinition in this application defines it',
      ],
    ],
    [
      'a CRD version not defined',
      [r(widgetCrd('Namespaced')), r(obj('example.com/v2', 'Widget', 'w'))],
      { ...policy, allowClusterScoped: true },
      [
        expect.stringMatching(
          /Widget team-a\/w: version v2 is not defined by the CustomResourceDefinition for example.com\/Widget \(defined: v1\)/,
        ),
      ],
    ],
    [
      'a namespace outside the allowed ones',
      [r(obj('v1', 'ConfigMap', 'c', 'kube-system'))],
      policy,
      [
        'app/x.yaml: ConfigMap kube-system/c: namespace "kube-system" is not allowed for this application (allowed: team-a, team-a-jobs)',
      ],
    ],
    [
      'an invalid namespace',
      [r(obj('v1', 'ConfigMap', 'c', 'Team_A'))],
      { ...policy, allowedNamespaces: ['Team_A'] },
      [
        'app/x.yaml: ConfigMap Team_A/c: metadata.namespace "Team_A" is not a valid namespace name',
      ],
    ],
    [
      'cluster-scoped objects without permission',
      [r(obj('rbac.authorization.k8s.io/v1', 'ClusterRole', 'reader'))],
      policy,
      [
        'app/x.yaml: ClusterRole reader: cluster-scoped ClusterRole objects are not allowed for this application',
      ],
    ],
    [
      'a Namespace not in the allowed list',
      [r(obj('v1', 'Namespace', 'other'))],
      policy,
      [
        'app/x.yaml: Namespace other: namespace "other" is not one of the application\'s allowed namespaces (team-a, team-a-jobs)',
      ],
    ],
    [
      'a CRD without cluster-scope permission',
      [r(widgetCrd('Namespaced')), r(obj('example.com/v1', 'Widget', 'w'))],
      policy,
      [
        'app/x.yaml: CustomResourceDefinition widgets.example.com: cluster-scoped CustomResourceDefinition objects are not allowed for this application',
      ],
    ],
    [
      'duplicates after namespace defaulting',
      [
        r(obj('v1', 'ConfigMap', 'c'), 'app/a.yaml'),
        r(obj('v1', 'ConfigMap', 'c', 'team-a'), 'app/b.yaml'),
      ],
      policy,
      [
        'app/b.yaml: ConfigMap team-a/c: duplicate of the object from app/a.yaml',
      ],
    ],
  ])('refuses %s', (_name, objects, p, expected) => {
    expect(problemsOf(objects, p)).toEqual(expected);
  });

  it('does not treat different kinds, groups or namespaces with one name as duplicates', () => {
    const objects = [
      r(obj('v1', 'ConfigMap', 'c')),
      r(obj('v1', 'Secret', 'c')),
      r(obj('v1', 'ConfigMap', 'c', 'team-a-jobs')),
    ];
    expect(validateObjects(objects, policy, scope)).toHaveLength(3);
  });

  it('collects all problems across objects, in input order, with .problems', () => {
    let error: ValidationError | undefined;
    try {
      validateObjects(
        [
          r(obj('v1', 'ConfigMap', 'ok')),
          r(obj('v1', 'ConfigMap', 'Bad'), 'a.yaml'),
          r(obj('v1', 'ConfigMap', 'c', 'x'), 'b.yaml'),
        ],
        policy,
        scope,
      );
    } catch (e) {
      error = e as ValidationError;
    }
    expect(error?.problems.map(p => [p.source, p.name])).toEqual([
      ['a.yaml', 'Bad'],
      ['b.yaml', 'c'],
    ]);
    expect(error?.message).toMatch(/^2 manifest problems:\n/);
  });

  it('never mutates its input and returns independent copies', () => {
    const input = r(
      obj('v1', 'ConfigMap', 'c', undefined, { data: { a: '1' } }),
    );
    const cluster = r(obj('v1', 'Namespace', 'team-a', 'stray'));
    const snapshot = structuredClone([input, cluster]);
    const out = validateObjects([input, cluster], policy, scope);
    expect([input, cluster]).toEqual(snapshot);
    (out[0].object.data as Record<string, string>).a = 'changed';
    expect(input.object.data).toEqual({ a: '1' });
  });
});
