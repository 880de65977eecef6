import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { tail } from '../exec';

export interface RunningBackend {
  baseUrl: string;
  logFile: string;
  /** Resolves when the backend answers its readiness route; rejects when it exits first. */
  ready(timeoutMs: number): Promise<void>;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * The portal's backend as an adopter starts it (`yarn start` of packages/backend, i.e.
 * `backstage-cli package start`) with extra config files, in a process group of its own so that
 * stop() ends the CLI and the backend it runs together.
 */
export function startBackend(options: {
  portalDir: string;
  port: number;
  configFiles: string[];
  env: NodeJS.ProcessEnv;
  logFile: string;
}): RunningBackend {
  fs.writeFileSync(options.logFile, '');
  const out = fs.openSync(options.logFile, 'a');
  const args = options.configFiles.flatMap(file => ['--config', file]);
  const child = spawn('yarn', ['--cwd', 'packages/backend', 'start', ...args], {
    cwd: options.portalDir,
    env: options.env,
    detached: true,
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  let exitCode: number | null | undefined;
  const exited = new Promise<void>(resolve =>
    child.once('exit', code => {
      exitCode = code;
      resolve();
    }),
  );
  const baseUrl = `http://127.0.0.1:${options.port}`;
  const logTail = () => tail(fs.readFileSync(options.logFile, 'utf8'), 30);
  // In development the CLI outlives a backend that failed to start (it waits for a change), so
  // the log tells: the backend's own summary of what failed.
  const startupFailure = () => {
    const lines = fs
      .readFileSync(options.logFile, 'utf8')
      // eslint-disable-next-line no-control-regex -- the log's colour codes
      .replace(/\x1b\[[0-9;]*m/g, '')
      .split('\n')
      .filter(line => /startup failed/.test(line))
      .map(line => line.replace(/ (type|stack|cause|name)=.*$/, '').trim());
    // "Plugin 'kubernetes' startup failed; caused by …": the part that names the culprit
    const causes = lines.filter(line => /startup failed; caused by/.test(line));
    return causes.length ? causes : lines;
  };

  return {
    baseUrl,
    logFile: options.logFile,
    async ready(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        if (exitCode !== undefined) {
          throw new Error(
            `the portal's backend exited (code ${exitCode}) before it was ready; the end of its log:\n${logTail()}`,
          );
        }
        const failed = startupFailure();
        if (failed.length) {
          throw new Error(
            `the portal's backend did not start:\n  ${failed.join('\n  ')}`,
          );
        }
        const answer = await fetch(
          `${baseUrl}/.backstage/health/v1/readiness`,
        ).catch(() => undefined);
        if (answer?.ok) return;
        await new Promise(resolve => setTimeout(resolve, 1000));
      }
      throw new Error(
        `the portal's backend was not ready within ${
          timeoutMs / 1000
        } s; the end of its log:\n${logTail()}`,
      );
    },
    async stop() {
      const group = -child.pid!;
      const alive = () => {
        try {
          process.kill(group, 0);
          return true;
        } catch {
          return false;
        }
      };
      if (!alive()) return;
      process.kill(group, 'SIGTERM');
      // the CLI may exit before the backend it started: wait for the whole group
      for (let waited = 0; waited < 200 && alive(); waited++) {
        await new Promise(resolve => setTimeout(resolve, 100));
      }
      if (alive()) process.kill(group, 'SIGKILL');
      await exited;
    },
  };
}
