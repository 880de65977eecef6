import type { KubeObject } from '@backstage-gitops/plugin-gitops-node';
import { maskPair, maskSecret } from './mask';

const secret = (
  data: Record<string, string>,
  extra: Partial<KubeObject> = {},
): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 's', namespace: 'n' },
  data,
  ...extra,
});

describe('maskPair', () => {
  it.each<[string, Record<string, string>, Record<string, string>, boolean]>([
    [
      'an unchanged value',
      { password: 'aHVudGVyMg==' },
      { password: 'aHVudGVyMg==' },
      true,
    ],
    ['a changed value', { password: 'bmV3' }, { password: 'b2xk' }, false],
  ])('%s → equal masks: %s', (_name, desired, live, equal) => {
    const masked = maskPair(secret(desired), secret(live));
    const d = (masked.desired.data as Record<string, string>).password;
    const l = (masked.live.data as Record<string, string>).password;
    expect(d).toMatch(/^\+{8,}$/);
    expect(l).toMatch(/^\+{8,}$/);
    expect(d === l).toBe(equal);
  });

  it('gives distinct values distinct masks and never depends on the value itself', () => {
    const a = maskPair(secret({ x: 'AAAA', y: 'BBBB', z: 'AAAA' }), undefined)
      .desired.data;
    const b = maskPair(secret({ x: 'CCCC', y: 'DDDD', z: 'CCCC' }), undefined)
      .desired.data;
    expect(a).toEqual({ x: '++++++++', y: '+++++++++', z: '++++++++' });
    expect(b).toEqual(a);
  });

  it('masks stringData and the last-applied annotation too', () => {
    const masked = maskSecret(
      secret(
        {},
        {
          stringData: { token: 'plain-text-token' },
          metadata: {
            name: 's',
            annotations: {
              'kubectl.kubernetes.io/last-applied-configuration':
                '{"stringData":{"token":"plain-text-token"}}',
              other: 'kept',
            },
          },
        },
      ),
    );
    expect(JSON.stringify(masked)).not.toContain('plain-text-token');
    expect(masked.metadata.annotations?.other).toBe('kept');
  });

  it.each<[string, KubeObject]>([
    [
      'a ConfigMap',
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'c' },
        data: { a: 'visible' },
      },
    ],
    [
      'a Secret kind in another group',
      {
        apiVersion: 'example.com/v1',
        kind: 'Secret',
        metadata: { name: 'c' },
        data: { a: 'visible' },
      },
    ],
  ])('leaves %s unchanged', (_name, obj) => {
    expect(maskPair(obj, obj)).toEqual({ desired: obj, live: obj });
  });

  it('does not mutate its inputs', () => {
    const s = secret({ a: 'dmFsdWU=' });
    maskSecret(s);
    expect(s.data).toEqual({ a: 'dmFsdWU=' });
  });
});
