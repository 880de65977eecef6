import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { KubeObject, RenderedObject } from '../objects/objects';
import { digestObjects } from './digest';
import { RenderError } from './errors';
import {
  findKustomizationFiles,
  inspectKustomization,
} from './kustomizeInspect';
import { RenderLimits, resolveLimits } from './limits';
import { ParsedDocument, parseManifestText } from './parseManifest';
import { AppLocation, resolveAppPath } from './paths';
import { decodeUtf8, readUtf8File } from './readManifestFile';
import { runKustomize } from './runKustomize';
import { copyCheckout } from './sandboxCopy';
import { listManifestFiles } from './walk';

/** What to render and how: the checkout, the application path, the Kustomize binary, timeout and limits. @public */
export interface RenderOptions {
  /** The checked-out tree of the config repository at the revision being synced. */
  checkoutDir: string;
  /** Repository-relative path of the application (a directory, or a single file). */
  path: string;
  /** kubectl binary used for `kubectl kustomize`; default `kubectl`. */
  kubectlPath?: string;
  /** Kustomize timeout; default 30 s. */
  timeoutMs?: number;
  /** Size limits; `DEFAULT_LIMITS` for any left unset. */
  limits?: RenderLimits;
}

/** The rendered objects of an application and their digest. @public */
export interface RenderResult {
  /** Every rendered object with its source file. */
  objects: RenderedObject[];
  /** `sha256:<hex>` over the canonical JSON of the objects (see digestObjects). */
  digest: string;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Renders an application's manifests: a Kustomize build when the application directory
 * holds a kustomization, otherwise every YAML/JSON file below it.
 * @public
 */
export async function renderManifests(
  opts: RenderOptions,
): Promise<RenderResult> {
  const limits = resolveLimits(opts.limits);
  const location = await resolveAppPath(opts.checkoutDir, opts.path);
  const isDir = (await stat(location.abs)).isDirectory();
  const kustomize =
    isDir && (await findKustomizationFiles(location.abs)).length > 0;
  const objects = kustomize
    ? await renderKustomize(location, opts, limits)
    : await renderPlain(location, limits);
  return { objects, digest: digestObjects(objects.map(o => o.object)) };
}

async function renderPlain(
  location: AppLocation,
  limits: Required<RenderLimits>,
): Promise<RenderedObject[]> {
  const files = await listManifestFiles(
    location.root,
    location.abs,
    location.rel,
  );
  const objects: RenderedObject[] = [];
  let totalBytes = 0;
  for (const file of files) {
    const { text, bytes } = await readUtf8File(
      file.abs,
      file.rel,
      limits.maxFileBytes,
    );
    totalBytes += bytes;
    if (totalBytes > limits.maxTotalBytes) {
      throw new RenderError(
        `manifests under ${location.rel} exceed the total size limit of ${limits.maxTotalBytes} bytes`,
        { file: file.rel },
      );
    }
    const docs = parseManifestText(text, file.rel, {
      maxAliasCount: limits.maxAliasCount,
      json: file.rel.toLowerCase().endsWith('.json'),
    });
    pushObjects(objects, docs, file.rel, limits.maxObjects);
  }
  return objects;
}

async function renderKustomize(
  location: AppLocation,
  opts: RenderOptions,
  limits: Required<RenderLimits>,
): Promise<RenderedObject[]> {
  const secretLiterals = await inspectKustomization(
    location.root,
    location.abs,
    limits,
  );
  const sandbox = await mkdtemp(path.join(os.tmpdir(), 'gitops-render-'));
  try {
    const repo = path.join(sandbox, 'repo');
    const home = path.join(sandbox, 'home');
    await mkdir(home);
    await copyCheckout(location.root, repo);
    const source = `kustomize:${location.rel}`;
    const stdout = await runKustomize({
      secretLiterals,
      kubectlPath: opts.kubectlPath ?? 'kubectl',
      dir: path.join(repo, path.relative(location.root, location.abs)),
      cwd: repo,
      home,
      displayDir: location.rel,
      timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      maxOutputBytes: limits.maxTotalBytes,
    });
    const text = decodeUtf8(stdout, source);
    const docs = parseManifestText(text, source, {
      maxAliasCount: limits.maxAliasCount,
    });
    const objects: RenderedObject[] = [];
    pushObjects(objects, docs, source, limits.maxObjects);
    return objects;
  } finally {
    // nobody waits for the removal: the sandbox is private and its name unique
    rm(sandbox, { recursive: true, force: true }).catch(() => undefined);
  }
}

function pushObjects(
  into: RenderedObject[],
  docs: ParsedDocument[],
  source: string,
  maxObjects: number,
): void {
  for (const doc of docs) {
    if (into.length >= maxObjects) {
      throw new RenderError(
        `the application renders more than ${maxObjects} objects`,
        { file: source, documentIndex: doc.documentIndex },
      );
    }
    // Shape (apiVersion, kind, metadata.name) is checked by the validate stage.
    into.push({ object: doc.object as KubeObject, source });
  }
}
