import { KubeConfig } from '@kubernetes/client-node';
import {
  asValidationError,
  KubeClient,
  KubeConfigError,
  KubeConnectionError,
} from './kubeClient';

describe('asValidationError', () => {
  it.each([
    [
      500,
      'failed to create typed patch object (/x; /v1, Kind=ConfigMap): .datax: field not declared in schema',
      { status: 422, reason: 'Invalid' },
    ],
    [
      500,
      'failed to create typed patch object (/x; /v1, Kind=ConfigMap): .data.a: expected string, got &value.valueUnstructured{Value:1}',
      { status: 422, reason: 'Invalid' },
    ],
    [500, 'etcdserver: request timed out', undefined],
    [503, 'failed to create typed patch object', undefined],
    [422, 'Deployment.apps "web" is invalid', undefined],
  ])('HTTP %p %p → %p', (status, message, expected) => {
    expect(asValidationError(status, message)).toEqual(expected);
  });
});

describe('KubeClient', () => {
  it('reports a kubeconfig that gives no credentials as such, once, without retrying', async () => {
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromOptions({
      clusters: [
        {
          name: 'prod',
          server: 'https://127.0.0.1:1',
          caFile: '/nonexistent/ca.crt',
        },
      ],
      users: [{ name: 'prod', token: 'token' }],
      contexts: [{ name: 'prod', cluster: 'prod', user: 'prod' }],
      currentContext: 'prod',
    });
    const load = jest.spyOn(kubeConfig, 'applyToHTTPSOptions');
    const client = new KubeClient('https://127.0.0.1:1', kubeConfig, {
      attempts: 4,
    });
    const error = await client.request({ method: 'GET', path: '/api/v1' }).then(
      () => undefined,
      e => e,
    );
    expect(error).toBeInstanceOf(KubeConfigError);
    expect(error.message).toMatch(
      /^its kubeconfig gives no usable credentials: .*\/nonexistent\/ca\.crt/,
    );
    expect(load).toHaveBeenCalledTimes(1);
    // not cached: the next request reads the kubeconfig again
    await client.request({ method: 'GET', path: '/api/v1' }).catch(() => {});
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('reports a port nothing listens on as a connection error with its code', async () => {
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromOptions({
      // plain HTTP, as readClusters configures it
      clusters: [
        { name: 'gone', server: 'http://127.0.0.1:1', skipTLSVerify: true },
      ],
      users: [{ name: 'gone', token: 'token' }],
      contexts: [{ name: 'gone', cluster: 'gone', user: 'gone' }],
      currentContext: 'gone',
    });
    const client = new KubeClient('http://127.0.0.1:1', kubeConfig, {
      attempts: 1,
    });
    const error = await client.request({ method: 'GET', path: '/api/v1' }).then(
      () => undefined,
      e => e,
    );
    expect(error).toBeInstanceOf(KubeConnectionError);
    expect([error.code, error.server]).toEqual([
      'ECONNREFUSED',
      'http://127.0.0.1:1',
    ]);
  });
});
