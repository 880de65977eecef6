import { DatabaseGitOpsStore } from '@backstage-gitops/plugin-gitops-backend/testUtils';
import knexFactory, { Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type DatabaseKind = 'pg' | 'sqlite';

export const DEFAULT_POSTGRES_URL = 'postgresql://postgres@127.0.0.1:5432';

export interface BenchDatabase {
  kind: DatabaseKind;
  name: string;
  knex: Knex;
  store: DatabaseGitOpsStore;
  /** Closes the pool and drops the database (PostgreSQL) or deletes its file (SQLite). */
  dispose(): Promise<void>;
}

function postgresUrl(database: string) {
  const base = process.env.BENCH_POSTGRES_URL ?? DEFAULT_POSTGRES_URL;
  return `${base.replace(/\/+$/, '')}/${database}`;
}

/** The server version when PostgreSQL answers at the configured URL, else undefined. */
export async function postgresVersion(): Promise<string | undefined> {
  const admin = knexFactory({
    client: 'pg',
    connection: {
      connectionString: postgresUrl('postgres'),
      connectionTimeoutMillis: 2000,
    } as any,
    pool: { min: 0, max: 1 },
  });
  try {
    const result = await admin.raw('SHOW server_version');
    return String(result.rows[0].server_version).split(' ')[0];
  } catch {
    return undefined;
  } finally {
    await admin.destroy();
  }
}

/**
 * A fresh, migrated database for one scenario process: its own PostgreSQL database (created here
 * and dropped on dispose), or a SQLite file in a temporary folder.
 */
export async function createBenchDatabase(
  kind: DatabaseKind,
  label: string,
): Promise<BenchDatabase> {
  const name = `bench_${label
    .replace(/[^a-z0-9]/gi, '_')
    .toLowerCase()}_${randomBytes(4).toString('hex')}`;
  if (kind === 'pg') {
    const admin = knexFactory({
      client: 'pg',
      connection: postgresUrl('postgres'),
      pool: { min: 0, max: 1 },
    });
    await admin.raw(`CREATE DATABASE ${name}`);
    const knex = knexFactory({
      client: 'pg',
      connection: postgresUrl(name),
      pool: { min: 0, max: 10 },
    });
    const store = await DatabaseGitOpsStore.create({ knex });
    return {
      kind,
      name,
      knex,
      store,
      dispose: async () => {
        await knex.destroy();
        await admin.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.destroy();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gitops-bench-db-'));
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: path.join(dir, `${name}.sqlite`) },
    useNullAsDefault: true,
  });
  const store = await DatabaseGitOpsStore.create({ knex });
  return {
    kind,
    name,
    knex,
    store,
    dispose: async () => {
      await knex.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
