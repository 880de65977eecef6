import { parseDockerfile } from './dockerfile';
import { recipeProblems } from './recipe';

const base = parseDockerfile(
  'FROM node:24-trixie-slim\nUSER node\nCMD ["node", "packages/backend"]\n',
);
const recipe = parseDockerfile(`FROM debian AS kubectl
RUN true
FROM node:24-trixie-slim
COPY --from=kubectl /kubectl /usr/local/bin/kubectl
RUN mkdir -p /var/cache/backstage-gitops && chown node:node /var/cache/backstage-gitops
USER node
CMD ["node", "packages/backend"]
`);
const kustomize = {
  packageName: '@backstage-gitops/plugin-gitops-node',
  file: 'dist/render/runKustomize.cjs.js',
  program: 'opts.kubectlPath',
};
const production = {
  gitops: {
    kubectlPath: '/usr/local/bin/kubectl',
    cacheDir: '/var/cache/backstage-gitops',
  },
};

describe('recipeProblems', () => {
  it('accepts a recipe that installs what the config points at', () => {
    expect(
      recipeProblems({
        base,
        recipe,
        spawnSites: [kustomize],
        productionConfig: production,
      }),
    ).toEqual([]);
  });

  it('accepts kubectl on the PATH when the config names no path', () => {
    expect(
      recipeProblems({
        base,
        recipe,
        spawnSites: [kustomize],
        productionConfig: {},
      }),
    ).toEqual([]);
  });

  it.each([
    {
      what: 'a kubectl path the image does not have',
      productionConfig: { gitops: { kubectlPath: '/opt/kubectl' } },
      problem:
        '@backstage-gitops/plugin-gitops-node runs kubectl from /opt/kubectl, which the recipe does not install (it copies in: /usr/local/bin/kubectl)',
    },
    {
      what: 'a path that is not kubectl',
      productionConfig: { gitops: { kubectlPath: '/usr/local/bin/helm' } },
      problem:
        'gitops.kubectlPath is /usr/local/bin/helm, not a kubectl binary',
    },
    {
      what: 'a cache folder the backend user cannot write',
      productionConfig: { gitops: { cacheDir: '/var/lib/gitops' } },
      problem:
        'gitops.cacheDir is /var/lib/gitops, which the recipe does not create and hand to the user the backend runs as (node)',
    },
  ])('names $what', ({ productionConfig, problem }) => {
    expect(
      recipeProblems({
        base,
        recipe,
        spawnSites: [kustomize],
        productionConfig,
      }),
    ).toEqual([problem]);
  });

  it('names a program the packages run that the check does not know', () => {
    expect(
      recipeProblems({
        base,
        recipe,
        spawnSites: [{ ...kustomize, program: 'opts.helmPath' }],
        productionConfig: production,
      }),
    ).toEqual([
      "@backstage-gitops/plugin-gitops-node dist/render/runKustomize.cjs.js runs 'opts.helmPath', a program the recipe check does not know: install it in the recipe and add it to PROGRAMS",
    ]);
  });

  it("names create-app's instructions the recipe dropped", () => {
    const dropped = parseDockerfile('FROM node:24-trixie-slim\nCMD ["node"]\n');
    expect(
      recipeProblems({
        base,
        recipe: dropped,
        spawnSites: [],
        productionConfig: {},
      }),
    ).toEqual([
      "the recipe drops create-app's 'USER node' (its line 2)",
      'the recipe drops create-app\'s \'CMD ["node", "packages/backend"]\' (its line 3)',
    ]);
  });
});
