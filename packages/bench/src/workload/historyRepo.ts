import { spawn } from 'node:child_process';
import path from 'node:path';

function run(
  args: string[],
  options: {
    cwd?: string;
    input?: (write: (chunk: string) => Promise<void>) => Promise<void>;
  } = {},
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      cwd: options.cwd,
      stdio: [options.input ? 'pipe' : 'ignore', 'ignore', 'pipe'],
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' },
    });
    const err: Buffer[] = [];
    child.stderr!.on('data', c => err.push(c));
    child.on('error', reject);
    child.on('close', code =>
      code === 0
        ? resolve()
        : reject(
            new Error(`git ${args[0]} exited ${code}: ${Buffer.concat(err)}`),
          ),
    );
    if (options.input) {
      const stdin = child.stdin!;
      // honour backpressure: wait for 'drain' when the pipe is full
      const write = (chunk: string) =>
        stdin.write(chunk)
          ? Promise.resolve()
          : new Promise<void>(done => stdin.once('drain', () => done()));
      options.input(write).then(
        () => stdin.end(),
        error => {
          stdin.destroy();
          reject(error);
        },
      );
    }
  });
}

export function historyFilePath(index: number): string {
  return `components/c-${String(index % 100).padStart(3, '0')}/file-${String(
    Math.floor(index / 100),
  ).padStart(3, '0')}.yaml`;
}

export function historyFileContent(index: number, version: number): string {
  const lines = [
    `# component file ${index}, version ${version}`,
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    `  name: c-${index}`,
    'data:',
  ];
  for (let k = 0; k < 24; k++)
    lines.push(
      `  key-${k}: "value ${k} of file ${index} at version ${version}, padded to look like real configuration"`,
    );
  return `${lines.join('\n')}\n`;
}

/**
 * A bare repository with a long history, written with `git fast-import` (seconds instead of one
 * process per commit): the first commit adds `files` files, each later commit changes one file.
 * Repacked afterwards, as a hosted repository would be.
 */
export async function buildHistoryRepo(
  gitdir: string,
  options: { commits: number; files: number },
): Promise<void> {
  await run(['init', '--bare', '--quiet', '--initial-branch=main', gitdir]);
  const epoch = 1_700_000_000;
  await run(['fast-import', '--quiet'], {
    cwd: gitdir,
    input: async write => {
      const data = (text: string) =>
        `data ${Buffer.byteLength(text)}\n${text}\n`;
      for (let c = 1; c <= options.commits; c++) {
        let chunk = `commit refs/heads/main\nmark :${c}\n`;
        chunk += `author Bench <bench@example.invalid> ${
          epoch + c * 60
        } +0000\ncommitter Bench <bench@example.invalid> ${
          epoch + c * 60
        } +0000\n`;
        chunk += data(c === 1 ? 'Initial import' : `Change ${c}`);
        if (c > 1) chunk += `from :${c - 1}\n`;
        const changed =
          c === 1
            ? Array.from({ length: options.files }, (_, i) => i)
            : [(c * 7919) % options.files];
        for (const i of changed)
          chunk += `M 100644 inline ${historyFilePath(i)}\n${data(
            historyFileContent(i, c),
          )}`;
        await write(chunk);
      }
      await write('done\n');
    },
  });
  await run(['--git-dir', gitdir, 'repack', '-a', '-d', '-q']);
  await run(['--git-dir', gitdir, 'update-server-info']);
  await run([
    '--git-dir',
    path.resolve(gitdir),
    'config',
    'http.receivepack',
    'true',
  ]);
}
