import { KubeError } from './status';
import {
  labelSelectorToString,
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
} from './selectors';

describe('label selectors', () => {
  const labels = { app: 'web', tier: 'frontend', 'example.com/team': 'a' };
  it.each([
    ['', true],
    ['app=web', true],
    ['app==web', true],
    ['app=api', false],
    ['app!=api', true],
    ['app!=web', false],
    ['missing!=x', true],
    ['app in (web,api)', true],
    ['app in (api)', false],
    ['app notin (api, db)', true],
    ['app notin (web)', false],
    ['missing notin (x)', true],
    ['tier', true],
    ['missing', false],
    ['!missing', true],
    ['!tier', false],
    ['example.com/team=a', true],
    ['app=web,tier in (frontend,backend),!missing', true],
    ['app=web,tier=backend', false],
    ['app in (web, api),tier', true],
  ])('%j matches: %s', (selector, expected) => {
    expect(matchesLabels(parseLabelSelector(selector), labels)).toBe(expected);
  });

  it.each(['app=web=x', 'app in web', '=web', 'app in (a b)', '!'])(
    'rejects %j with a 400 BadRequest',
    selector => {
      try {
        parseLabelSelector(selector);
        throw new Error('expected a parse error');
      } catch (err) {
        expect(err).toBeInstanceOf(KubeError);
        expect((err as KubeError).body).toMatchObject({
          code: 400,
          reason: 'BadRequest',
        });
      }
    },
  );

  it.each([
    [{ matchLabels: { b: '2', a: '1' } }, 'a=1,b=2'],
    [
      {
        matchExpressions: [
          { key: 'x', operator: 'In', values: ['q', 'p'] },
          { key: 'y', operator: 'DoesNotExist' },
        ],
      },
      '!y,x in (p,q)',
    ],
    [
      {
        matchExpressions: [
          { key: 'z', operator: 'Exists' },
          { key: 'w', operator: 'NotIn', values: ['v'] },
        ],
      },
      'w notin (v),z',
    ],
  ])('turns LabelSelector %j into %j', (selector, text) => {
    expect(labelSelectorToString(selector)).toBe(text);
  });
});

describe('field selectors', () => {
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p1', namespace: 'ns1' },
    status: { phase: 'Running' },
  };
  it.each([
    ['metadata.name=p1', 'Pod', true],
    ['metadata.name==p1', 'Pod', true],
    ['metadata.name!=p1', 'Pod', false],
    ['metadata.namespace=ns1,metadata.name=p1', 'Pod', true],
    ['metadata.namespace=other', 'Pod', false],
    ['status.phase=Running', 'Pod', true],
  ])('%j on a %s matches: %s', (selector, kind, expected) => {
    expect(matchesFields(parseFieldSelector(selector, kind), pod)).toBe(
      expected,
    );
  });

  it('rejects fields the kind cannot be selected by, as the API does', () => {
    expect(() =>
      parseFieldSelector('status.phase=Running', 'ConfigMap'),
    ).toThrow('field label not supported: status.phase');
  });
});
