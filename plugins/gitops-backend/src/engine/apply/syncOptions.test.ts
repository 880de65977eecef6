import {
  isImmutableFieldError,
  replaceAllowed,
  syncOptionsOf,
} from './syncOptions';

const withAnnotations = (annotations?: Record<string, string>) => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'migrate', ...(annotations ? { annotations } : {}) },
});

describe('sync options', () => {
  it.each([
    ['no annotation', undefined, false],
    ['ours', { 'gitops.backstage.io/sync-options': 'Replace=true' }, true],
    [
      "Argo CD's, among others",
      { 'argocd.argoproj.io/sync-options': 'Prune=false, Replace=true' },
      true,
    ],
    [
      'Replace=false',
      { 'gitops.backstage.io/sync-options': 'Replace=false' },
      false,
    ],
    [
      'ours overrides Argo CD',
      {
        'argocd.argoproj.io/sync-options': 'Replace=true',
        'gitops.backstage.io/sync-options': 'Replace=false',
      },
      false,
    ],
  ])('%s: replace allowed = %p', (_name, annotations, expected) => {
    expect(replaceAllowed(withAnnotations(annotations) as any)).toBe(expected);
  });

  it('reads every option', () => {
    expect([
      ...syncOptionsOf(
        withAnnotations({
          'argocd.argoproj.io/sync-options': 'Prune=false,ServerSideApply=true',
        }) as any,
      ),
    ]).toEqual([
      ['Prune', 'false'],
      ['ServerSideApply', 'true'],
    ]);
  });

  it.each([
    [
      422,
      'Job.batch "migrate" is invalid: spec.template: Invalid value: ...: field is immutable',
      true,
    ],
    [
      422,
      'StatefulSet.apps "db" is invalid: spec: Forbidden: updates to statefulset spec for fields other than ... are forbidden',
      true,
    ],
    [422, '.spec.replicas: expected integer, got string', false],
    [409, 'field is immutable', false],
  ])('HTTP %p %p: immutable = %p', (status, message, expected) => {
    expect(isImmutableFieldError({ status, message })).toBe(expected);
  });
});
