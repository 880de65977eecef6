import { PatchError } from './patchError';
import { applyStrategicMergePatch } from './strategicMergePatch';

const pod = (spec: any) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p' },
  spec,
});
const deployment = (podSpec: any) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'd' },
  spec: { replicas: 1, template: { spec: podSpec } },
});

describe('applyStrategicMergePatch', () => {
  const cases: Array<[string, string, any, any, any]> = [
    [
      'maps merge recursively',
      'ConfigMap',
      { data: { a: '1', b: '2' } },
      { data: { b: '3', c: '4' } },
      { data: { a: '1', b: '3', c: '4' } },
    ],
    [
      'null deletes a key',
      'ConfigMap',
      { data: { a: '1', b: '2' } },
      { data: { a: null } },
      { data: { b: '2' } },
    ],
    [
      'null for a missing key is dropped',
      'ConfigMap',
      { data: { a: '1' } },
      { data: { z: null } },
      { data: { a: '1' } },
    ],
    [
      'a scalar replaces a map',
      'ConfigMap',
      { data: { a: { x: 1 } } },
      { data: { a: 'v' } },
      { data: { a: 'v' } },
    ],
    [
      'containers merge by name; a new container goes first',
      'Pod',
      pod({
        containers: [
          { name: 'a', image: 'a:1' },
          { name: 'b', image: 'b:1' },
        ],
      }),
      {
        spec: {
          containers: [
            { name: 'b', image: 'b:2' },
            { name: 'c', image: 'c:1' },
          ],
        },
      },
      pod({
        containers: [
          { name: 'a', image: 'a:1' },
          { name: 'b', image: 'b:2' },
          { name: 'c', image: 'c:1' },
        ],
      }),
    ],
    [
      'a container added to a pod template (merged by name)',
      'Deployment',
      deployment({ containers: [{ name: 'web', image: 'nginx' }] }),
      {
        spec: {
          template: {
            spec: { containers: [{ name: 'sidecar', image: 'envoy' }] },
          },
        },
      },
      deployment({
        containers: [
          { name: 'sidecar', image: 'envoy' },
          { name: 'web', image: 'nginx' },
        ],
      }),
    ],
    [
      'initContainers merge by name',
      'Pod',
      pod({ initContainers: [{ name: 'i', image: 'i:1', args: ['x'] }] }),
      { spec: { initContainers: [{ name: 'i', image: 'i:2' }] } },
      pod({ initContainers: [{ name: 'i', image: 'i:2', args: ['x'] }] }),
    ],
    [
      'env merges by name',
      'Pod',
      pod({
        containers: [
          {
            name: 'a',
            env: [
              { name: 'X', value: '1' },
              { name: 'Y', value: '2' },
            ],
          },
        ],
      }),
      {
        spec: { containers: [{ name: 'a', env: [{ name: 'Y', value: '3' }] }] },
      },
      pod({
        containers: [
          {
            name: 'a',
            env: [
              { name: 'X', value: '1' },
              { name: 'Y', value: '3' },
            ],
          },
        ],
      }),
    ],
    [
      'container ports merge by containerPort',
      'Pod',
      pod({
        containers: [
          { name: 'a', ports: [{ containerPort: 80, name: 'http' }] },
        ],
      }),
      {
        spec: {
          containers: [
            {
              name: 'a',
              ports: [
                { containerPort: 80, name: 'web' },
                { containerPort: 443 },
              ],
            },
          ],
        },
      },
      pod({
        containers: [
          {
            name: 'a',
            ports: [{ containerPort: 80, name: 'web' }, { containerPort: 443 }],
          },
        ],
      }),
    ],
    [
      'Service ports merge by port',
      'Service',
      {
        spec: {
          ports: [
            { port: 80, targetPort: 8080 },
            { port: 443, targetPort: 8443 },
          ],
        },
      },
      { spec: { ports: [{ port: 443, targetPort: 9443 }] } },
      {
        spec: {
          ports: [
            { port: 80, targetPort: 8080 },
            { port: 443, targetPort: 9443 },
          ],
        },
      },
    ],
    [
      'spec.ports of another kind is replaced',
      'Widget',
      { spec: { ports: [{ port: 80 }, { port: 443 }] } },
      { spec: { ports: [{ port: 443 }] } },
      { spec: { ports: [{ port: 443 }] } },
    ],
    [
      'volumes merge by name',
      'Pod',
      pod({
        volumes: [
          { name: 'a', emptyDir: {} },
          { name: 'b', configMap: { name: 'x' } },
        ],
      }),
      { spec: { volumes: [{ name: 'b', configMap: { name: 'y' } }] } },
      pod({
        volumes: [
          { name: 'a', emptyDir: {} },
          { name: 'b', configMap: { name: 'y' } },
        ],
      }),
    ],
    [
      'volumeMounts merge by mountPath',
      'Pod',
      pod({
        containers: [
          { name: 'a', volumeMounts: [{ mountPath: '/data', name: 'v1' }] },
        ],
      }),
      {
        spec: {
          containers: [
            {
              name: 'a',
              volumeMounts: [
                { mountPath: '/data', name: 'v2' },
                { mountPath: '/cache', name: 'c' },
              ],
            },
          ],
        },
      },
      pod({
        containers: [
          {
            name: 'a',
            volumeMounts: [
              { mountPath: '/data', name: 'v2' },
              { mountPath: '/cache', name: 'c' },
            ],
          },
        ],
      }),
    ],
    [
      'imagePullSecrets merge by name',
      'Pod',
      pod({ imagePullSecrets: [{ name: 'a' }] }),
      { spec: { imagePullSecrets: [{ name: 'b' }] } },
      pod({ imagePullSecrets: [{ name: 'b' }, { name: 'a' }] }),
    ],
    [
      'tolerations are replaced',
      'Pod',
      pod({ tolerations: [{ key: 'a', operator: 'Exists' }] }),
      { spec: { tolerations: [{ key: 'b', operator: 'Exists' }] } },
      pod({ tolerations: [{ key: 'b', operator: 'Exists' }] }),
    ],
    [
      'envFrom and args are replaced',
      'Pod',
      pod({
        containers: [
          {
            name: 'a',
            args: ['1', '2'],
            envFrom: [{ configMapRef: { name: 'x' } }],
          },
        ],
      }),
      {
        spec: {
          containers: [
            { name: 'a', args: ['3'], envFrom: [{ secretRef: { name: 'y' } }] },
          ],
        },
      },
      pod({
        containers: [
          { name: 'a', args: ['3'], envFrom: [{ secretRef: { name: 'y' } }] },
        ],
      }),
    ],
    [
      'status conditions merge by type',
      'Deployment',
      {
        status: {
          conditions: [
            { type: 'Available', status: 'False' },
            { type: 'Progressing', status: 'True' },
          ],
        },
      },
      { status: { conditions: [{ type: 'Available', status: 'True' }] } },
      {
        status: {
          conditions: [
            { type: 'Available', status: 'True' },
            { type: 'Progressing', status: 'True' },
          ],
        },
      },
    ],
    [
      'ownerReferences merge by uid',
      'ConfigMap',
      { metadata: { ownerReferences: [{ uid: '1', name: 'a' }] } },
      { metadata: { ownerReferences: [{ uid: '2', name: 'b' }] } },
      {
        metadata: {
          ownerReferences: [
            { uid: '2', name: 'b' },
            { uid: '1', name: 'a' },
          ],
        },
      },
    ],
    [
      'finalizers are a union',
      'ConfigMap',
      { metadata: { finalizers: ['a', 'b'] } },
      { metadata: { finalizers: ['b', 'c'] } },
      { metadata: { finalizers: ['a', 'b', 'c'] } },
    ],
    [
      '$deleteFromPrimitiveList removes values',
      'ConfigMap',
      { metadata: { finalizers: ['a', 'b', 'c'] } },
      { metadata: { '$deleteFromPrimitiveList/finalizers': ['b', 'zz'] } },
      { metadata: { finalizers: ['a', 'c'] } },
    ],
    [
      '$patch: delete removes the list item with that key',
      'Pod',
      pod({ containers: [{ name: 'a' }, { name: 'b' }] }),
      { spec: { containers: [{ name: 'a', $patch: 'delete' }] } },
      pod({ containers: [{ name: 'b' }] }),
    ],
    [
      '$patch: replace as a list item replaces the list',
      'Pod',
      pod({ containers: [{ name: 'a', image: 'x' }, { name: 'b' }] }),
      { spec: { containers: [{ name: 'c' }, { $patch: 'replace' }] } },
      pod({ containers: [{ name: 'c' }] }),
    ],
    [
      '$patch: replace in a map replaces the map',
      'Deployment',
      {
        spec: {
          strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } },
        },
      },
      { spec: { strategy: { $patch: 'replace', type: 'Recreate' } } },
      { spec: { strategy: { type: 'Recreate' } } },
    ],
    [
      '$patch: delete in a map empties it',
      'Pod',
      pod({ securityContext: { runAsUser: 1 }, hostname: 'h' }),
      { spec: { securityContext: { $patch: 'delete' } } },
      pod({ securityContext: {}, hostname: 'h' }),
    ],
    [
      '$patch: merge is the default',
      'ConfigMap',
      { data: { a: '1' } },
      { data: { $patch: 'merge', b: '2' } },
      { data: { a: '1', b: '2' } },
    ],
    [
      '$retainKeys clears unlisted keys',
      'Deployment',
      {
        spec: {
          strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } },
        },
      },
      { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } },
      { spec: { strategy: { type: 'Recreate' } } },
    ],
    [
      '$setElementOrder orders a merged list',
      'Pod',
      pod({ containers: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] }),
      {
        spec: {
          '$setElementOrder/containers': [
            { name: 'c' },
            { name: 'a' },
            { name: 'b' },
          ],
          containers: [{ name: 'a', image: 'x' }],
        },
      },
      pod({
        containers: [{ name: 'c' }, { name: 'a', image: 'x' }, { name: 'b' }],
      }),
    ],
    [
      '$setElementOrder orders a primitive list',
      'ConfigMap',
      { metadata: { finalizers: ['a', 'b'] } },
      {
        metadata: {
          '$setElementOrder/finalizers': ['b', 'c', 'a'],
          finalizers: ['c'],
        },
      },
      { metadata: { finalizers: ['b', 'c', 'a'] } },
    ],
    [
      'a value new to the original has its directives resolved',
      'Pod',
      pod({}),
      {
        spec: {
          containers: [
            { name: 'a', env: [{ name: 'X', value: null }] },
            { name: 'gone', $patch: 'delete' },
          ],
        },
      },
      pod({ containers: [{ name: 'a', env: [{ name: 'X' }] }] }),
    ],
  ];

  it.each(cases)('%s', (_name, kind, doc, patch, expected) => {
    expect(applyStrategicMergePatch(doc, patch, kind)).toEqual(expected);
  });

  const failures: Array<[string, any, string]> = [
    ['a patch that is not an object', [{ op: 'add' }], 'must be a JSON object'],
    [
      'a list item without its merge key',
      { spec: { containers: [{ image: 'x' }] } },
      'does not contain declared merge key: name',
    ],
    [
      'an unknown $patch',
      { spec: { $patch: 'explode' } },
      'Unknown patch type',
    ],
    [
      'a key outside $retainKeys',
      { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: {} } } },
      'not in its $retainKeys',
    ],
    [
      '$setElementOrder that contradicts the patch',
      {
        spec: {
          '$setElementOrder/containers': [{ name: 'a' }, { name: 'b' }],
          containers: [{ name: 'b' }, { name: 'a' }],
        },
      },
      'does not match',
    ],
  ];

  it.each(failures)('rejects %s with 400', (_name, patch, message) => {
    let error: unknown;
    try {
      applyStrategicMergePatch(
        pod({ containers: [{ name: 'a' }] }),
        patch,
        'Pod',
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PatchError);
    expect((error as PatchError).code).toBe(400);
    expect((error as PatchError).reason).toBe('BadRequest');
    expect((error as PatchError).message).toContain(message);
  });

  it('leaves its inputs alone', () => {
    const doc = pod({ containers: [{ name: 'a', image: 'x' }] });
    const patch = {
      spec: {
        containers: [
          { name: 'a', image: 'y' },
          { name: 'b', $patch: 'delete' },
        ],
      },
    };
    const docBefore = JSON.parse(JSON.stringify(doc));
    const patchBefore = JSON.parse(JSON.stringify(patch));
    applyStrategicMergePatch(doc, patch, 'Pod');
    expect(doc).toEqual(docBefore);
    expect(patch).toEqual(patchBefore);
  });
});
