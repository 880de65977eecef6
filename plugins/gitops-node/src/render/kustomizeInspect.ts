import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { RenderError } from './errors';
import { isPlainObject, parseManifestText } from './parseManifest';
import { isInside, realpathInside, toRepoPath } from './paths';
import { readUtf8File } from './readManifestFile';
import { isRemoteReference, kustomizationRefs } from './kustomizeRefs';
import { KUSTOMIZATION_FILES } from './walk';

export interface InspectOptions {
  maxFileBytes: number;
  maxAliasCount: number;
}

/** The kustomization files present in a directory (Kustomize itself refuses more than one). */
export async function findKustomizationFiles(
  dirAbs: string,
): Promise<string[]> {
  const names = new Set(await readdir(dirAbs));
  return KUSTOMIZATION_FILES.filter(n => names.has(n));
}

/**
 * Statically checks every kustomization reachable from `dirAbs` before Kustomize runs:
 * no remote references (Kustomize would clone them) and no local path leaving the
 * repository (directly, through `..`, or through a symlink). Kustomize's own load
 * restrictor only confines generator and patch files to each kustomization's root; it
 * lets `resources` climb anywhere on disk.
 */
export async function inspectKustomization(
  root: string,
  dirAbs: string,
  opts: InspectOptions,
): Promise<string[]> {
  const secrets = new Set<string>();
  await inspectDir(root, dirAbs, opts, new Set(), secrets);
  return [...secrets];
}

/**
 * Literal values of secretGenerators (`key=value`, and the whole literal): Kustomize quotes a
 * malformed literal in its error, so they are scrubbed from any message before it is shown.
 */
function secretGeneratorLiterals(
  kustomization: Record<string, unknown>,
  into: Set<string>,
) {
  const generators = Array.isArray(kustomization.secretGenerator)
    ? kustomization.secretGenerator
    : [];
  for (const generator of generators) {
    const literals =
      isPlainObject(generator) && Array.isArray(generator.literals)
        ? generator.literals
        : [];
    for (const literal of literals) {
      if (typeof literal !== 'string' || literal.length === 0) continue;
      into.add(literal);
      const value = literal.slice(literal.indexOf('=') + 1);
      if (value.length >= 4) into.add(value);
    }
  }
}

async function inspectDir(
  root: string,
  dirAbs: string,
  opts: InspectOptions,
  visited: Set<string>,
  secrets: Set<string>,
): Promise<void> {
  if (visited.has(dirAbs)) return; // Kustomize reports cycles itself
  visited.add(dirAbs);
  for (const name of await findKustomizationFiles(dirAbs)) {
    const fileAbs = await realpathInside(
      root,
      path.join(dirAbs, name),
      toRepoPath(root, path.join(dirAbs, name)),
    );
    const file = toRepoPath(root, fileAbs);
    const { text } = await readUtf8File(fileAbs, file, opts.maxFileBytes);
    const docs = parseManifestText(text, file, {
      maxAliasCount: opts.maxAliasCount,
    });
    if (docs.length === 0) continue; // an empty kustomization renders nothing
    if (docs.length !== 1 || !isPlainObject(docs[0].object)) {
      throw new RenderError('expected exactly one kustomization document', {
        file,
      });
    }
    secretGeneratorLiterals(docs[0].object as Record<string, unknown>, secrets);
    const { refs, unsupported } = kustomizationRefs(docs[0].object);
    if (unsupported.length > 0) {
      throw new RenderError(
        `${unsupported[0].field}: ${unsupported[0].reason}`,
        {
          file,
        },
      );
    }
    for (const ref of refs) {
      const target = await resolveRef(root, dirAbs, file, ref.field, ref.path);
      if ((await stat(target)).isDirectory()) {
        await inspectDir(root, target, opts, visited, secrets);
      }
    }
  }
}

async function resolveRef(
  root: string,
  dirAbs: string,
  file: string,
  field: string,
  ref: string,
): Promise<string> {
  const what = `${field} entry "${ref}"`;
  if (isRemoteReference(ref)) {
    throw new RenderError(
      `${what} is a remote reference; only paths inside this repository may be used`,
      { file },
    );
  }
  if (path.isAbsolute(ref)) {
    throw new RenderError(`${what} is an absolute path; use a relative path`, {
      file,
    });
  }
  const lexical = path.resolve(dirAbs, ref);
  if (!isInside(root, lexical)) {
    throw new RenderError(`${what} points outside the repository`, { file });
  }
  try {
    return await realpathInside(root, lexical, ref);
  } catch (e) {
    // Kustomize tries any resource it cannot find locally as a remote URL.
    throw new RenderError(
      `${what}: ${(e as Error).message.replace(`${ref}: `, '')}`,
      {
        file,
        cause: e,
      },
    );
  }
}
