/* eslint-disable jest/no-export -- declares tests for the files that import it; not a test file itself */
import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';

/**
 * The PostgreSQL ids among the supported test databases. Multi-replica tests only mean something
 * on PostgreSQL (row locks, several connections); without one they are skipped, never faked.
 */
export function postgresIds(databases: TestDatabases): TestDatabaseId[] {
  return databases
    .eachSupportedId()
    .map(([id]) => id)
    .filter(id => id.startsWith('POSTGRES'));
}

function onPostgres(
  runner: typeof it | typeof it.failing,
  databases: TestDatabases,
  name: string,
  fn: (id: TestDatabaseId) => Promise<void>,
  timeout?: number,
) {
  const ids = postgresIds(databases);
  if (ids.length === 0) {
    // reported as skipped, never faked on another database
    // eslint-disable-next-line jest/no-disabled-tests, jest/expect-expect
    it.skip(`${name} (needs BACKSTAGE_TEST_DATABASE_POSTGRES*_CONNECTION_STRING)`, () => {});
    return;
  }
  runner.each(ids)(`${name}, %p`, fn, timeout);
}

/** `it.each` over the PostgreSQL ids, or one skipped test saying why. */
export function itOnPostgres(
  databases: TestDatabases,
  name: string,
  fn: (id: TestDatabaseId) => Promise<void>,
  timeout?: number,
) {
  onPostgres(it, databases, name, fn, timeout);
}

/** The same for a test that shows a known product bug: it passes while the bug is there (`it.failing`). */
export function itFailingOnPostgres(
  databases: TestDatabases,
  name: string,
  fn: (id: TestDatabaseId) => Promise<void>,
  timeout?: number,
) {
  onPostgres(it.failing, databases, `${name} [known bug]`, fn, timeout);
}

/** PostgreSQL (the production database) when configured, else the first supported one. */
export function preferredDatabase(databases: TestDatabases): TestDatabaseId {
  return postgresIds(databases)[0] ?? databases.eachSupportedId()[0][0];
}
