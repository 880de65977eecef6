import type { KubeObject } from '@backstage-gitops/plugin-gitops-node';
import { compareResource } from './compareResource';

function deployment(
  image: string,
  replicas = 2,
  extra: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'team-a',
      resourceVersion: String(replicas),
      ...extra,
    },
    spec: {
      replicas,
      template: { spec: { containers: [{ name: 'web', image }] } },
    },
    status: { readyReplicas: 1 },
  };
}

describe('compareResource', () => {
  it.each<
    [string, KubeObject | undefined, KubeObject | undefined, string, string[]]
  >([
    [
      'equal objects, apart from server noise',
      deployment('nginx:1'),
      {
        ...deployment('nginx:1'),
        status: { readyReplicas: 0 },
        metadata: {
          ...deployment('nginx:1').metadata,
          uid: 'x',
          resourceVersion: '99',
        },
      },
      'Synced',
      [],
    ],
    [
      'a changed image',
      deployment('nginx:2'),
      deployment('nginx:1'),
      'OutOfSync',
      ['spec.template.spec.containers[name=web].image'],
    ],
    [
      'a changed image and replica count',
      deployment('nginx:2', 3),
      deployment('nginx:1', 2),
      'OutOfSync',
      ['spec.replicas', 'spec.template.spec.containers[name=web].image'],
    ],
    ['no live object', deployment('nginx:1'), undefined, 'Missing', []],
    ['no desired object', undefined, deployment('nginx:1'), 'Extraneous', []],
  ])('%s → %s', (_name, desired, live, status, fields) => {
    const result = compareResource({ desired, live });
    expect(result.status).toBe(status);
    expect(result.changedFields).toEqual(fields);
  });

  it('honours ignore rules', () => {
    const result = compareResource({
      desired: deployment('nginx:1', 3),
      live: deployment('nginx:1', 5),
      ignore: [{ kind: 'Deployment', jsonPointers: ['/spec/replicas'] }],
    });
    expect(result).toEqual({ status: 'Synced', changedFields: [], diff: '' });
  });

  it('produces a unified diff from desired to live without status or server metadata', () => {
    const { diff } = compareResource({
      desired: deployment('nginx:2'),
      live: deployment('nginx:1'),
    });
    expect(diff).toBe(
      [
        '--- desired',
        '+++ live',
        '@@ -7,6 +7,6 @@',
        '   replicas: 2',
        '   template:',
        '     spec:',
        '       containers:',
        '-        - image: nginx:2',
        '+        - image: nginx:1',
        '           name: web',
        '',
      ].join('\n'),
    );
  });

  it('shows a missing object as all removals (Git has it, the cluster does not)', () => {
    const { diff } = compareResource({
      desired: deployment('nginx:1'),
      live: undefined,
    });
    expect(diff.split('\n').slice(0, 3)).toEqual([
      '--- desired',
      '+++ live',
      '@@ -1,12 +0,0 @@',
    ]);
    expect(diff).toContain('-kind: Deployment');
  });

  it('refuses to compare nothing with nothing', () => {
    expect(() => compareResource({})).toThrow(/desired or a live/);
  });

  describe('Secrets', () => {
    const raw = [
      'c3VwZXItc2VjcmV0LXBhc3N3b3Jk',
      'b2xkLXBhc3N3b3Jk',
      'plain-string-data-value',
      'c2FtZS12YWx1ZQ==',
    ];
    const secret = (
      password: string,
      extra: Record<string, unknown> = {},
    ): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: 'db',
        namespace: 'team-a',
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({
            data: { password },
          }),
        },
      },
      data: { password, user: raw[3] },
      ...extra,
    });

    it.each<
      [string, KubeObject | undefined, KubeObject | undefined, string, string[]]
    >([
      [
        'a changed value',
        secret(raw[0], { stringData: { extra: raw[2] } }),
        secret(raw[1]),
        'OutOfSync',
        ['data.password', 'stringData'],
      ],
      ['an unchanged value', secret(raw[0]), secret(raw[0]), 'Synced', []],
      ['a missing Secret', secret(raw[0]), undefined, 'Missing', []],
      ['an extraneous Secret', undefined, secret(raw[1]), 'Extraneous', []],
    ])(
      '%s: reports %s and never reveals a value',
      (_name, desired, live, status, fields) => {
        const result = compareResource({ desired, live });
        expect(result.status).toBe(status);
        expect(result.changedFields).toEqual(fields);
        const output = JSON.stringify(result);
        for (const value of raw) expect(output).not.toContain(value);
        // The diff still shows the key, with a mask in place of the value.
        expect(/password: \+{8,}/.test(result.diff)).toBe(status !== 'Synced');
      },
    );

    it('shows that a value changed through different masks', () => {
      const { diff } = compareResource({
        desired: secret(raw[0]),
        live: secret(raw[1]),
      });
      const minus = diff.split('\n').find(l => l.startsWith('-  password:'));
      const plus = diff.split('\n').find(l => l.startsWith('+  password:'));
      expect(minus).toBeDefined();
      expect(plus).toBeDefined();
      expect(minus?.slice(1)).not.toBe(plus?.slice(1));
      expect(diff).not.toMatch(/^[-+]\s+user:/m);
    });
  });
});
