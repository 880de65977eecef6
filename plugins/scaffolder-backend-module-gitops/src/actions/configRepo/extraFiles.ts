import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import fs from 'node:fs/promises';
import path from 'node:path';
import { RepoFiles } from './layout';

const MAX_EXTRA_FILES = 200;
const MAX_FILE_BYTES = 1024 * 1024;

/** Why `file` may not be written into the repository, or undefined when it may. */
export function extraFileProblem(file: string): string | undefined {
  if (file === '' || file.trim() !== file)
    return 'must be a non-empty path without surrounding spaces';
  if (file.includes('\\') || file.includes('\0'))
    return 'must use forward slashes and no NUL characters';
  if (file.startsWith('/') || /^[A-Za-z]:/.test(file))
    return 'must be relative to the repository root';
  const segments = file.split('/');
  if (segments.includes('..'))
    return 'must stay inside the repository (no "..")';
  if (
    path.posix.normalize(file) !== file ||
    segments.includes('.') ||
    file.endsWith('/')
  )
    return 'must be a normalized file path (no ".", "//" or trailing "/")';
  // Git refuses to track .git in any case; writing it could alter the repository's own metadata.
  if (segments.some(s => s.toLowerCase() === '.git'))
    return 'must not be inside .git';
  return undefined;
}

/** The generated files plus the caller's extra files; refuses unsafe paths and overwrites of generated files. */
export function withExtraFiles(
  generated: RepoFiles,
  extra: Record<string, string> | undefined,
): RepoFiles {
  const entries = Object.entries(extra ?? {});
  if (entries.length > MAX_EXTRA_FILES)
    throw new InputError(`extraFiles: at most ${MAX_EXTRA_FILES} files`);
  const problems: string[] = [];
  const generatedDirs = new Set(Object.keys(generated).flatMap(parentsOf));
  const extraDirs = new Set(entries.flatMap(([file]) => parentsOf(file)));
  for (const [file, content] of entries) {
    const problem = extraFileProblem(file);
    if (problem) problems.push(`extraFiles['${file}'] ${problem}`);
    else if (file in generated)
      problems.push(`extraFiles['${file}'] would replace a generated file`);
    else if (generatedDirs.has(file) || extraDirs.has(file))
      problems.push(`extraFiles['${file}'] is also a folder of another file`);
    else if (parentsOf(file).some(dir => dir in generated))
      problems.push(`extraFiles['${file}'] lies below a generated file`);
    else if (Buffer.byteLength(content, 'utf8') > MAX_FILE_BYTES)
      problems.push(
        `extraFiles['${file}'] is larger than ${MAX_FILE_BYTES} bytes`,
      );
  }
  if (problems.length > 0) throw new InputError(problems.join('; '));
  return { ...generated, ...Object.fromEntries(entries) };
}

function parentsOf(file: string): string[] {
  const parts = file.split('/');
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/'));
}

/**
 * Workspace files to add to the repository at the same path (e.g. what catalog:write produced),
 * merged with the inline extra files; a path given both ways is refused.
 */
export async function collectExtraFiles(
  workspacePath: string,
  input: { workspaceFiles?: string[]; extraFiles?: Record<string, string> },
): Promise<Record<string, string>> {
  const fromWorkspace: Record<string, string> = {};
  const problems: string[] = [];
  for (const file of input.workspaceFiles ?? []) {
    const problem = extraFileProblem(file);
    if (problem) {
      problems.push(`workspaceFiles['${file}'] ${problem}`);
      continue;
    }
    if (input.extraFiles && file in input.extraFiles) {
      problems.push(`workspaceFiles['${file}'] is also given in extraFiles`);
      continue;
    }
    try {
      // resolveSafeChildPath follows symbolic links, so a link cannot smuggle in a file from outside.
      const source = resolveSafeChildPath(workspacePath, file);
      const stat = await fs.stat(source);
      if (!stat.isFile())
        problems.push(`workspaceFiles['${file}'] is not a file`);
      else if (stat.size > MAX_FILE_BYTES)
        problems.push(
          `workspaceFiles['${file}'] is larger than ${MAX_FILE_BYTES} bytes`,
        );
      else fromWorkspace[file] = await fs.readFile(source, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      problems.push(
        `workspaceFiles['${file}'] ${
          code === 'ENOENT'
            ? 'does not exist in the workspace'
            : (error as Error).message
        }`,
      );
    }
  }
  if (problems.length > 0) throw new InputError(problems.join('; '));
  return { ...fromWorkspace, ...input.extraFiles };
}
