#!/usr/bin/env node
// Makes sure the machine's PostgreSQL answers on 127.0.0.1:5432 (starting the local cluster with
// pg_ctlcluster when it does not) and prints a connection string plus the server's major version,
// which test.sh turns into the test-database environment variable.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const { Client } = require('pg');

const connectionString =
  process.env.GITOPS_TEST_POSTGRES_URL ||
  'postgresql://postgres@127.0.0.1:5432/postgres';

async function serverMajorVersion() {
  const client = new Client({
    connectionString,
    connectionTimeoutMillis: 3000,
  });
  await client.connect();
  try {
    const { rows } = await client.query('SHOW server_version_num');
    return Math.floor(Number(rows[0].server_version_num) / 10000);
  } finally {
    await client.end();
  }
}

function startLocalCluster() {
  const versions = fs.existsSync('/etc/postgresql')
    ? fs.readdirSync('/etc/postgresql')
    : [];
  if (versions.length === 0)
    throw new Error(
      'PostgreSQL does not answer on 127.0.0.1:5432 and no local cluster is installed',
    );
  const version = versions.sort().pop();
  process.stderr.write(
    `[setup] starting the local PostgreSQL ${version} cluster\n`,
  );
  execFileSync(
    'pg_ctlcluster',
    ['--skip-systemctl-redirect', version, 'main', 'start'],
    { stdio: 'inherit' },
  );
}

async function main() {
  let major;
  try {
    major = await serverMajorVersion();
  } catch {
    startLocalCluster();
    for (let attempt = 0; attempt < 30 && major === undefined; attempt++) {
      await new Promise(r => setTimeout(r, 500));
      major = await serverMajorVersion().catch(() => undefined);
    }
    if (major === undefined)
      throw new Error('PostgreSQL did not come up on 127.0.0.1:5432');
  }
  process.stdout.write(
    `${major} ${connectionString.replace(/\/[^/]*$/, '')}\n`,
  );
}

main().catch(e => {
  process.stderr.write(`[setup] ${e.message}\n`);
  process.exit(1);
});
