import { createMockDirectory } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  LocalGitServer,
  requireKubectl,
  startLocalGitServer,
} from '@internal/local-infra';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { createConfigRepoAction } from './createConfigRepoAction';
import { parseConfigRepoInput } from './input';

// The action renders every overlay with kubectl: without it these tests fail loudly, never skip.
const KUBECTL = requireKubectl();
const AUTH = { username: 'scaffolder', password: 'test-password' };

describe('gitops:config-repo:create', () => {
  let git: LocalGitServer;
  beforeAll(async () => {
    git = await startLocalGitServer({ auth: AUTH });
  });
  afterAll(() => git?.stop());

  function actionWith(credentials = AUTH) {
    const config = new ConfigReader({
      integrations: {
        gitea: [
          { host: new URL(git.url).host, baseUrl: git.url, ...credentials },
        ],
      },
      gitops: { kubectlPath: KUBECTL },
      scaffolder: {
        defaultAuthor: { name: 'Portal', email: 'portal@example.com' },
      },
    });
    return createConfigRepoAction({
      integrations: ScmIntegrations.fromConfig(config),
      config,
    });
  }
  const input = (repo: string, change: object = {}) => ({
    repoUrl: git.repoUrl(repo),
    name: 'shop',
    image: 'nginx',
    tag: '1.27',
    port: 8080,
    environments: [
      { name: 'dev', cluster: 'local', namespace: 'shop-dev' },
      { name: 'prod', cluster: 'local', namespace: 'shop-prod', replicas: 2 },
    ],
    extraFiles: { 'docs/index.md': '# Shop\n' },
    ...change,
  });
  const outputs = (ctx: { output: jest.Mock }) =>
    Object.fromEntries(ctx.output.mock.calls);
  const receivePacks = (repo: string) =>
    git.requestLog.filter(
      r => r.service === 'git-receive-pack' && r.path.includes(repo),
    ).length;

  it('describes its input for the template editor, with examples that are valid input', () => {
    const action = actionWith();
    expect(action.supportsDryRun).toBe(true);
    expect(action.schema?.input).toMatchObject({
      type: 'object',
      required: expect.arrayContaining([
        'repoUrl',
        'name',
        'image',
        'port',
        'environments',
      ]),
      properties: {
        environments: {
          type: 'array',
          items: { properties: { policy: { type: 'object' } } },
        },
      },
    });
    expect(action.examples!.length).toBeGreaterThan(0);
    for (const example of action.examples!)
      expect(() =>
        parseConfigRepoInput(parse(example.example).steps[0].input),
      ).not.toThrow();
  });

  it('creates the repository: one commit with the descriptor, base, overlays and extra files', async () => {
    const workspace = createMockDirectory({
      content: {
        'catalog-info.yaml':
          'apiVersion: backstage.io/v1alpha1\nkind: Component\n',
      },
    });
    const ctx = createMockActionContext({
      input: input('team/new-config', {
        workspaceFiles: ['catalog-info.yaml'],
      }),
      workspacePath: workspace.path,
    });
    await actionWith().handler(ctx);

    const out = outputs(ctx as any);
    expect(out.commitSha).toBe(await git.headSha('team/new-config', 'main'));
    expect(out.repoUrl).toBe(git.repoUrl('team/new-config'));
    expect(out.annotations).toEqual({
      'gitops.backstage.io/config-repo': git.repoUrl('team/new-config'),
    });
    expect(out.files).toEqual(
      expect.arrayContaining([
        'gitops.yaml',
        'base/kustomization.yaml',
        'overlays/prod/kustomization.yaml',
        'catalog-info.yaml',
        'docs/index.md',
      ]),
    );
    for (const file of out.files)
      expect(await git.readFile('team/new-config', file)).toBeDefined();
    expect(
      parse(
        (await git.readFile('team/new-config', 'gitops.yaml'))!,
      ).environments.map((e: any) => e.path),
    ).toEqual(['overlays/dev', 'overlays/prod']);
    expect(
      await git.readFile('team/new-config', 'catalog-info.yaml'),
    ).toContain('kind: Component');
    const log = await git.log('team/new-config', 'main');
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({
      message: expect.stringContaining(
        'Create the GitOps configuration of shop',
      ),
    });
    expect(JSON.stringify(log[0])).toContain('portal@example.com');
  });

  it('writes another branch of an empty repository and names it in the annotations', async () => {
    await git.createRepo('team/empty-config');
    const ctx = createMockActionContext({
      input: input('team/empty-config', {
        branch: 'gitops',
        commitMessage: 'Initial config',
      }),
    });
    await actionWith().handler(ctx);
    expect(outputs(ctx as any).annotations).toEqual({
      'gitops.backstage.io/config-repo': git.repoUrl('team/empty-config'),
      'gitops.backstage.io/config-ref': 'gitops',
    });
    expect((await git.log('team/empty-config', 'gitops'))[0].message).toContain(
      'Initial config',
    );
  });

  it('dry run: renders and validates, lists the files, pushes nothing', async () => {
    const ctx = {
      ...createMockActionContext({ input: input('team/dry-config') }),
      isDryRun: true,
    };
    await actionWith().handler(ctx);
    const out = outputs(ctx as any);
    expect(out.files).toContain('overlays/dev/namespace.yaml');
    expect(out.commitSha).toBeUndefined();
    expect(receivePacks('team/dry-config')).toBe(0);
    await expect(git.headSha('team/dry-config', 'main')).rejects.toThrow();
  });

  it('refuses a repository that already has commits on the branch, and leaves it alone', async () => {
    const before = await git.seedRepo('team/used-config', {
      'README.md': 'someone else\n',
    });
    const ctx = createMockActionContext({ input: input('team/used-config') });
    await expect(actionWith().handler(ctx)).rejects.toThrow(
      /already has commits on branch 'main'; gitops:config-repo:create only writes new or empty repositories/,
    );
    expect(await git.headSha('team/used-config', 'main')).toBe(before);
    expect(receivePacks('team/used-config')).toBe(0);
  });

  it('refuses a host that matches no integration before doing any work', async () => {
    const ctx = createMockActionContext({
      input: input('x', { repoUrl: 'https://git.unknown.example/team/x.git' }),
    });
    await expect(actionWith().handler(ctx)).rejects.toThrow(
      /Repository host 'git.unknown.example' matches no configured integration/,
    );
  });

  it('refuses an invalid environment with a message naming it', async () => {
    const ctx = createMockActionContext({
      input: input('team/bad-config', {
        environments: [
          { name: 'dev', cluster: 'local', namespace: 'shop' },
          { name: 'qa', cluster: 'local', namespace: 'shop' },
        ],
      }),
    });
    await expect(actionWith().handler(ctx)).rejects.toThrow(
      /invalid environment: 'qa' and 'dev' both deploy to namespace shop of cluster local/,
    );
  });

  it('reports credentials the Git host refuses', async () => {
    const ctx = createMockActionContext({ input: input('team/auth-config') });
    await expect(
      actionWith({ ...AUTH, password: 'wrong' }).handler(ctx),
    ).rejects.toThrow(
      /the credentials of the integration for 127\.0\.0\.1:\d+ are missing or were refused/,
    );
  });

  it('explains a host that does not create repositories on push', async () => {
    const strictGit = await startLocalGitServer({
      auth: AUTH,
      autoCreate: false,
    });
    try {
      const config = new ConfigReader({
        integrations: {
          gitea: [
            {
              host: new URL(strictGit.url).host,
              baseUrl: strictGit.url,
              ...AUTH,
            },
          ],
        },
        gitops: { kubectlPath: KUBECTL },
      });
      const action = createConfigRepoAction({
        integrations: ScmIntegrations.fromConfig(config),
        config,
      });
      const ctx = createMockActionContext({
        input: input('x', { repoUrl: strictGit.repoUrl('team/absent-config') }),
      });
      await expect(action.handler(ctx)).rejects.toThrow(
        /absent-config\.git does not exist and 127\.0\.0\.1:\d+ does not create repositories on push; create it \(empty\) first/,
      );
    } finally {
      await strictGit.stop();
    }
  });

  it('reports a push the remote rejects', async () => {
    await git.createRepo('team/protected-config');
    const hook = path.join(
      git.rootDir,
      'team/protected-config.git',
      'hooks',
      'pre-receive',
    );
    fs.mkdirSync(path.dirname(hook), { recursive: true });
    fs.writeFileSync(
      hook,
      '#!/bin/sh\necho "pushes need a review" >&2\nexit 1\n',
      { mode: 0o755 },
    );
    const ctx = createMockActionContext({
      input: input('team/protected-config'),
    });
    await expect(actionWith().handler(ctx)).rejects.toThrow(
      /Push to .*protected-config\.git was rejected: refs\/heads\/main: pre-receive hook declined/,
    );
    await expect(
      git.headSha('team/protected-config', 'main'),
    ).rejects.toThrow();
  });
});
