import { parseConfigRepoInput, splitImage } from './input';

const valid = {
  repoUrl: 'https://git.example.com/team/shop-config.git',
  name: 'shop',
  image: 'registry.example.com/team/shop',
  tag: '1.2.3',
  port: 8080,
  environments: [
    { name: 'dev', cluster: 'local', namespace: 'shop-dev' },
    {
      name: 'prod',
      cluster: 'local',
      namespace: 'shop-prod',
      replicas: 3,
      policy: { selfHeal: false },
    },
  ],
};

describe('parseConfigRepoInput', () => {
  it('applies the defaults the JSON schema cannot carry', () => {
    const input = parseConfigRepoInput(valid);
    expect(input.branch).toBe('main');
    expect(input.environments[0].policy).toEqual({
      automated: true,
      selfHeal: true,
      prune: true,
    });
    expect(input.environments[1].policy).toEqual({
      automated: true,
      selfHeal: false,
      prune: true,
    });
    expect(input.environments[0].replicas).toBeUndefined();
  });

  it('names an environment namespace after the application when none is given', () => {
    const input = parseConfigRepoInput({
      ...valid,
      environments: [{ name: 'dev', cluster: 'local' }],
    });
    expect(input.environments[0].namespace).toBe('shop-dev');
    expect(() =>
      parseConfigRepoInput({
        ...valid,
        name: `s${'x'.repeat(60)}`,
        environments: [{ name: 'dev', cluster: 'local' }],
      }),
    ).toThrow(
      /invalid environment: namespace 'sx+-dev' is longer than 63 characters; set namespace/,
    );
  });

  it.each([
    [
      'a name that is no DNS label',
      { name: 'Shop_1' },
      /name: must be a lowercase DNS label/,
    ],
    [
      'a name starting with a digit (not valid for a Service)',
      { name: '1shop' },
      /name: must be a lowercase DNS label/,
    ],
    [
      'no environment',
      { environments: [] },
      /environments: declare at least one environment/,
    ],
    [
      'an environment namespace that is no DNS label',
      { environments: [{ name: 'dev', cluster: 'c', namespace: 'Dev NS' }] },
      /environments\[0\]\.namespace/,
    ],
    [
      'an unknown environment field',
      {
        environments: [
          { name: 'dev', cluster: 'c', namespace: 'dev', path: '../x' },
        ],
      },
      /environments\[0\]: Unrecognized key/,
    ],
    [
      'two environments with one name',
      {
        environments: [
          { name: 'dev', cluster: 'a', namespace: 'a' },
          { name: 'dev', cluster: 'b', namespace: 'b' },
        ],
      },
      /environments\[1\]: invalid environment: duplicate name 'dev'/,
    ],
    [
      'two environments in one namespace of one cluster',
      {
        environments: [
          { name: 'dev', cluster: 'c', namespace: 'shop' },
          { name: 'qa', cluster: 'c', namespace: 'shop' },
        ],
      },
      /invalid environment: 'qa' and 'dev' both deploy to namespace shop of cluster c/,
    ],
    ['an image without any tag', { tag: undefined }, /needs a tag/],
    ['a tag twice', { image: 'nginx:1.27' }, /already names a tag or digest/],
    [
      'a port out of range',
      { port: 70000 },
      /port: Number must be less than or equal to 65535/,
    ],
    [
      'an autoscaler whose max is below min',
      { hpa: { min: 5, max: 2 } },
      /hpa: max \(2\) is below min \(5\)/,
    ],
    [
      'replicas above the autoscaler maximum',
      {
        hpa: { min: 1, max: 2 },
        environments: [
          { name: 'dev', cluster: 'c', namespace: 'dev', replicas: 3 },
        ],
      },
      /replicas 3 must lie between 1 and hpa.max \(2\)/,
    ],
    [
      'a repository URL that is no URL',
      { repoUrl: 'not a url' },
      /repoUrl: Invalid url/,
    ],
    ['an unknown field', { foo: 1 }, /Unrecognized key\(s\) in object: 'foo'/],
  ])('refuses %s', (_, change, message) => {
    expect(() => parseConfigRepoInput({ ...valid, ...change })).toThrow(
      message,
    );
  });
});

describe('splitImage', () => {
  it.each([
    ['nginx', { name: 'nginx' }],
    ['nginx:1.27', { name: 'nginx', tag: '1.27' }],
    ['registry:5000/team/app', { name: 'registry:5000/team/app' }],
    [
      'registry:5000/team/app:v2',
      { name: 'registry:5000/team/app', tag: 'v2' },
    ],
    [
      `app@sha256:${'a'.repeat(64)}`,
      { name: 'app', digest: `sha256:${'a'.repeat(64)}` },
    ],
    ['app:bad tag', undefined],
    ['/app', undefined],
    ['app@latest', undefined],
  ])('%s', (image, expected) => {
    const parsed = splitImage(image);
    expect(parsed && JSON.parse(JSON.stringify(parsed))).toEqual(expected);
  });
});
