import { asValidationError } from './kubeClient';

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
