/* Fixture repositories for the render tests (used by *.test.ts only). */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { RenderError } from './errors';
import { renderManifests, RenderOptions } from './renderManifests';

// eslint-disable-next-line @backstage/no-undeclared-imports -- test-only kit
import { KUBECTL_PATH } from '@internal/local-infra';

export const KUBECTL = KUBECTL_PATH;

/** Files to create: text, bytes, or a symlink with the given target. */
export type Tree = Record<string, string | Buffer | { symlink: string }>;

export async function writeTree(root: string, tree: Tree): Promise<string> {
  for (const [rel, content] of Object.entries(tree)) {
    const file = path.join(root, rel);
    await mkdir(path.dirname(file), { recursive: true });
    if (typeof content === 'object' && !Buffer.isBuffer(content)) {
      await symlink(content.symlink, file);
    } else {
      await writeFile(file, content);
    }
  }
  return root;
}

export function cm(name: string, data: Record<string, string> = {}): string {
  const entries = Object.entries(data)
    .map(([k, v]) => `\n  ${k}: "${v}"`)
    .join('');
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${
    entries ? `data:${entries}\n` : ''
  }`;
}

export const names = (r: {
  objects: { object: { metadata: { name: string } }; source: string }[];
}) => r.objects.map(o => `${o.source}#${o.object.metadata.name}`);

/**
 * A fresh temp dir per test holding `repo/` (the checkout under test) and `outside/`
 * (files a malicious repository must not reach).
 */
export function useFixtureRepo() {
  let tmp = '';
  beforeEach(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'render-test-'));
    await writeTree(path.join(tmp, 'outside'), {
      'secret.yaml': cm('stolen'),
      passwd: 'root:x:0:0',
    });
  });
  afterEach(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  async function render(tree: Tree, opts: Partial<RenderOptions> = {}) {
    const checkoutDir = await writeTree(path.join(tmp, 'repo'), tree);
    return renderManifests({
      checkoutDir,
      path: 'app',
      kubectlPath: KUBECTL,
      ...opts,
    });
  }

  async function renderError(tree: Tree, opts: Partial<RenderOptions> = {}) {
    const error = await render(tree, opts).then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(error instanceof RenderError)) {
      throw new Error(`expected a RenderError, got ${String(error)}`);
    }
    return error;
  }

  return { tmp: () => tmp, render, renderError };
}
