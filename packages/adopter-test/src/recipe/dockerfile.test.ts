import {
  droppedInstructions,
  filesFromOtherStages,
  parseDockerfile,
  preparedDirectories,
  runtimeUser,
} from './dockerfile';

const base = `# create-app's
FROM node:24-trixie-slim

RUN apt-get update && \\
    apt-get install -y libsqlite3-dev
USER node
WORKDIR /app
CMD ["node", "packages/backend"]
`;

const recipe = `FROM debian:trixie-slim AS kubectl
RUN curl -fsSLo /kubectl https://example.invalid/kubectl && \\
    # a comment inside a continued instruction
    chmod 0755 /kubectl

FROM node:24-trixie-slim
RUN apt-get update && apt-get install -y libsqlite3-dev
COPY --from=kubectl /kubectl /usr/local/bin/kubectl
COPY --from=tools /helm /kustomize /usr/local/bin/
RUN mkdir -p /var/cache/backstage-gitops /tmp/other && chown node:node /var/cache/backstage-gitops
USER node
WORKDIR /app
CMD ["node", "packages/backend"]
`;

describe('parseDockerfile', () => {
  it('joins continued lines, skips comments and numbers stages', () => {
    const instructions = parseDockerfile(recipe);
    expect(instructions.slice(0, 3)).toEqual([
      {
        keyword: 'FROM',
        args: 'debian:trixie-slim AS kubectl',
        line: 1,
        stage: 0,
      },
      {
        keyword: 'RUN',
        args: 'curl -fsSLo /kubectl https://example.invalid/kubectl && chmod 0755 /kubectl',
        line: 2,
        stage: 0,
      },
      { keyword: 'FROM', args: 'node:24-trixie-slim', line: 6, stage: 1 },
    ]);
  });
});

describe('droppedInstructions', () => {
  it('accepts a recipe that keeps every base instruction in order', () => {
    expect(
      droppedInstructions(parseDockerfile(base), parseDockerfile(recipe)),
    ).toEqual([]);
  });

  it('names what a recipe dropped or moved', () => {
    const moved = recipe
      .replace('USER node\n', '')
      .replace('CMD', 'USER node\nCMD');
    expect(
      droppedInstructions(parseDockerfile(base), parseDockerfile(moved)).map(
        i => i.args,
      ),
    ).toEqual(['/app']);
  });
});

it('filesFromOtherStages lists what the final stage copies in, into folders too', () => {
  expect(filesFromOtherStages(parseDockerfile(recipe))).toEqual([
    '/usr/local/bin/kubectl',
    '/usr/local/bin/helm',
    '/usr/local/bin/kustomize',
  ]);
});

it('preparedDirectories knows who owns each folder the final stage makes', () => {
  expect(preparedDirectories(parseDockerfile(recipe))).toEqual(
    new Map([
      ['/var/cache/backstage-gitops', 'node'],
      ['/tmp/other', undefined],
    ]),
  );
});

it('runtimeUser is the final stage last USER, root without one', () => {
  expect(runtimeUser(parseDockerfile(recipe))).toBe('node');
  expect(runtimeUser(parseDockerfile('FROM a\nUSER node\nFROM b\n'))).toBe(
    'root',
  );
});
