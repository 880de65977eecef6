/* eslint-disable no-console -- a stand-alone process: its console is its log */
/*
 * One backend replica as its own process, for the load soak: the store, Git cache, cluster clients
 * and worker wired as the plugin wires them, on the soak's PostgreSQL database. It reports its
 * memory and every sync it starts to the parent over IPC, and stops cleanly when told to.
 *
 * Started by soak.test.ts with `node --require @backstage/cli/config/nodeTransform.cjs`.
 */
import { LoggerService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import createKnex from 'knex';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseGitOpsStore } from '../../database/GitOpsStore';
import { createReconcileEngine } from '../../reconcileEngine';

export interface ReplicaProcessOptions {
  replica: string;
  connection: JsonObject;
  config: JsonObject;
  kubectlPath: string;
  concurrency: number;
  leaseMs: number;
  pollIntervalMs: number;
}

/** Messages a replica process sends to the soak. */
export type ReplicaMessage =
  | { type: 'ready' }
  | { type: 'memory'; rssBytes: number; heapUsedBytes: number }
  | { type: 'started'; ids: string[] }
  | { type: 'stopped' };

const send = (message: ReplicaMessage, then?: () => void) =>
  process.send?.(message, undefined, undefined, () => then?.());

/** Warnings and errors to stderr; sync starts to the parent (they prove no history row is lost). */
class ReplicaLogger implements LoggerService {
  constructor(
    private readonly started: string[],
    private readonly prefix: string,
  ) {}
  error(message: string) {
    console.error(`${this.prefix} error ${message}`);
  }
  warn(message: string) {
    if (process.env.GITOPS_SOAK_VERBOSE)
      console.error(`${this.prefix} warn ${message}`);
  }
  info(message: string) {
    const id = /^Sync ([0-9a-f-]{36}) of \w+ started/.exec(message)?.[1];
    if (id) this.started.push(id);
  }
  debug() {}
  child(): LoggerService {
    return this;
  }
}

async function main() {
  const options = JSON.parse(
    process.env.GITOPS_SOAK_REPLICA ?? '{}',
  ) as ReplicaProcessOptions;
  const config = new ConfigReader(options.config);
  const knex = createKnex({
    client: 'pg',
    connection: options.connection,
    pool: { min: 0, max: 10 },
  });
  const store = await DatabaseGitOpsStore.create({
    knex,
    skipMigrations: true,
  });
  const started: string[] = [];
  const { worker, cacheDir } = createReconcileEngine({
    store,
    config,
    logger: new ReplicaLogger(started, `[${options.replica}]`),
    replica: options.replica,
    cacheDir: fs.mkdtempSync(
      path.join(os.tmpdir(), `gitops-soak-${options.replica}-`),
    ),
    kubectlPath: options.kubectlPath,
    worker: {
      concurrency: options.concurrency,
      leaseMs: options.leaseMs,
      pollIntervalMs: options.pollIntervalMs,
    },
  });
  const report = setInterval(() => {
    const memory = process.memoryUsage();
    send({
      type: 'memory',
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
    });
    if (started.length) send({ type: 'started', ids: started.splice(0) });
  }, 5_000);
  process.on('message', async (message: { type?: string }) => {
    if (message?.type !== 'stop') return;
    clearInterval(report);
    await worker.stop();
    if (started.length) send({ type: 'started', ids: started.splice(0) });
    await knex.destroy();
    fs.rmSync(cacheDir, { recursive: true, force: true });
    send({ type: 'stopped' }, () => process.disconnect?.());
  });
  // the parent going away ends the replica too: a soak never leaves a process behind
  process.on('disconnect', () => process.exit(0));
  worker.start();
  send({ type: 'ready' });
}

main().catch(error => {
  console.error(`replica failed to start: ${error?.stack ?? error}`);
  process.exit(1);
});
