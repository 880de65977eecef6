import { existsSync } from 'node:fs';
import { chmod, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { RendererUnavailableError } from './errors';
import { cm, KUBECTL, Tree, useFixtureRepo } from './renderTestKit';

const haveKubectl = existsSync(KUBECTL);
if (!haveKubectl) {
  // eslint-disable-next-line no-console
  console.warn(`Skipping Kustomize render tests: ${KUBECTL} is not installed`);
}
const describeWithKubectl = haveKubectl ? describe : describe.skip;

const { tmp, render, renderError } = useFixtureRepo();

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: nginx:1.27}]
`;

const kustomizeRepo: Tree = {
  'app/base/kustomization.yaml':
    'resources:\n- deployment.yaml\nconfigMapGenerator:\n- name: settings\n  files: [settings.properties]\n',
  'app/base/deployment.yaml': deployment,
  'app/base/settings.properties': 'mode=base\n',
  'app/overlays/dev/kustomization.yaml':
    'resources:\n- ../../base\nnamespace: dev\nnamePrefix: dev-\npatches:\n- path: replicas.yaml\n',
  'app/overlays/dev/replicas.yaml':
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 3}\n',
  '.git/HEAD': 'ref: refs/heads/main\n',
};

describe('renderManifests — Kustomize', () => {
  describeWithKubectl(`with ${KUBECTL}`, () => {
    it('builds a base + overlay with the real kubectl kustomize', async () => {
      const result = await render(kustomizeRepo, { path: 'app/overlays/dev' });
      expect(result.objects.map(o => o.source)).toEqual([
        'kustomize:app/overlays/dev',
        'kustomize:app/overlays/dev',
      ]);
      const byKind = Object.fromEntries(
        result.objects.map(o => [o.object.kind, o.object]),
      );
      expect(byKind.Deployment.metadata).toMatchObject({
        name: 'dev-web',
        namespace: 'dev',
      });
      expect((byKind.Deployment.spec as { replicas: number }).replicas).toBe(3);
      expect(byKind.ConfigMap.metadata.name).toMatch(
        /^dev-settings-[a-z0-9]+$/,
      );
      expect(byKind.ConfigMap.data).toEqual({
        'settings.properties': 'mode=base\n',
      });
      expect(result.digest).toMatch(/^sha256:/);
    });

    it('surfaces Kustomize failures with its stderr, without temp paths', async () => {
      const error = await renderError({
        'app/kustomization.yaml': 'resources:\n- broken.yaml\n',
        'app/broken.yaml': 'kind: [\n',
      });
      expect(error.message).toMatch(/^kustomize build of app failed: .+/);
      expect(error.message).not.toContain(os.tmpdir());
    });
  });

  it.each<[string, Tree, RegExp]>([
    [
      'a remote base',
      {
        'app/kustomization.yaml':
          'resources:\n- github.com/org/repo//deploy?ref=v1\n',
      },
      /^app\/kustomization\.yaml: resources entry "github\.com\/org\/repo\/\/deploy\?ref=v1" is a remote reference/,
    ],
    [
      'a remote https resource',
      {
        'app/kustomization.yaml':
          'resources:\n- https://example.com/all.yaml\n',
      },
      /is a remote reference/,
    ],
    [
      'a ../ escape',
      { 'app/kustomization.yaml': 'resources:\n- ../../outside\n' },
      /^app\/kustomization\.yaml: resources entry "\.\.\/\.\.\/outside" points outside the repository/,
    ],
    [
      'an absolute path',
      { 'app/kustomization.yaml': 'resources:\n- /etc/passwd\n' },
      /is an absolute path/,
    ],
    [
      'a generator file escaping through a symlink',
      {
        'app/kustomization.yaml':
          'configMapGenerator:\n- name: x\n  files: [pw]\n',
        'app/pw': { symlink: '../../outside/passwd' },
      },
      /configMapGenerator\.files entry "pw": symbolic link resolves outside the repository/,
    ],
    [
      'a nested base with a remote reference',
      {
        'app/kustomization.yaml': 'resources:\n- base\n',
        'app/base/kustomization.yaml':
          'resources:\n- git@github.com:org/repo.git\n',
      },
      /^app\/base\/kustomization\.yaml: resources entry "git@github\.com:org\/repo\.git" is a remote reference/,
    ],
    [
      'a resource missing locally (Kustomize would try it remotely)',
      { 'app/kustomization.yaml': 'resources:\n- example/org/repo\n' },
      /resources entry "example\/org\/repo": not found in the repository/,
    ],
    [
      'Helm charts',
      {
        'app/kustomization.yaml':
          'helmCharts:\n- name: x\n  repo: https://charts.example\n',
      },
      /helmCharts: Helm charts are not supported/,
    ],
  ])('refuses %s before running Kustomize', async (_name, tree, message) => {
    const error = await renderError(tree, {
      kubectlPath: '/nonexistent/kubectl',
    });
    expect(error.message).toMatch(message);
  });

  it('kills Kustomize on timeout with a clear error', async () => {
    const fake = path.join(tmp(), 'slow-kubectl');
    await writeFile(fake, '#!/bin/sh\nexec sleep 30\n');
    await chmod(fake, 0o755);
    const error = await renderError(
      { 'app/kustomization.yaml': 'resources: []\n' },
      { kubectlPath: fake, timeoutMs: 200 },
    );
    expect(error.message).toBe('kustomize build of app timed out after 200 ms');
  });

  it('kills Kustomize when its output exceeds the size limit', async () => {
    const fake = path.join(tmp(), 'chatty-kubectl');
    await writeFile(fake, '#!/bin/sh\nexec yes "apiVersion: v1"\n');
    await chmod(fake, 0o755);
    const error = await renderError(
      { 'app/kustomization.yaml': 'resources: []\n' },
      { kubectlPath: fake, limits: { maxTotalBytes: 4096 } },
    );
    expect(error.message).toBe(
      'kustomize build of app produced more than 4096 bytes',
    );
  });

  it.each<[string, string | undefined, number, string]>([
    ['missing', undefined, 0, 'not found (ENOENT)'],
    ['not executable', '#!/bin/sh\nexit 0\n', 0o644, 'not executable (EACCES)'],
    [
      'killed by a signal',
      '#!/bin/sh\nkill -SEGV $$\n',
      0o755,
      'crashed (killed by SIGSEGV)',
    ],
    [
      'panicking',
      '#!/bin/sh\necho "panic: runtime error: index out of range" >&2\nexit 2\n',
      0o755,
      'crashed (Go runtime panic, exit code 2)',
    ],
  ])(
    'names a renderer that is %s as unavailable',
    async (_case, script, mode, reason) => {
      const binary = path.join(tmp(), 'renderer-kubectl');
      if (script !== undefined) {
        await writeFile(binary, script);
        await chmod(binary, mode);
      }
      const error = await renderError(
        { 'app/kustomization.yaml': 'resources: []\n' },
        { kubectlPath: binary },
      );
      expect(error).toBeInstanceOf(RendererUnavailableError);
      expect(error.message).toBe(
        `renderer ${binary} is unavailable: ${reason}`,
      );
    },
  );

  it('runs in a copy without .git and without escaping symlinks', async () => {
    const fake = path.join(tmp(), 'list-kubectl');
    // Prints what the build directory can see, as a ConfigMap, instead of building.
    await writeFile(
      fake,
      `#!/bin/sh\ncd "$2/.."\nprintf 'apiVersion: v1\\nkind: ConfigMap\\nmetadata: {name: seen}\\ndata:\\n  files: "%s"\\n' "$(ls -A | tr '\\n' ' ')"\n`,
    );
    await chmod(fake, 0o755);
    const result = await render(
      {
        'app/kustomization.yaml': 'resources: []\n',
        '.git/HEAD': 'x',
        '.env': 'A=1',
        'inside.yaml': cm('i'),
        'in-link': { symlink: 'inside.yaml' },
        'out-link': { symlink: '../outside/passwd' },
      },
      { kubectlPath: fake },
    );
    expect(result.objects[0].object.data).toEqual({
      files: '.env app in-link inside.yaml ',
    });
  });
});
