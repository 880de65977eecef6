import { serializeError } from '@backstage/errors';
import { StoreError, toStoreError, withStoreErrors } from './storeErrors';

const withCode = (message: string, code: string) =>
  Object.assign(new Error(message), { code });

describe('toStoreError', () => {
  it.each([
    [
      'a lost PostgreSQL connection, after knex put the statement and its values in front',
      new Error(
        `insert into "gitops_syncs" ("error", "id") values ('token abc', 'x') - Connection terminated unexpectedly`,
      ),
      'ServiceUnavailableError',
      'The portal database is unavailable (insertSync: Connection terminated unexpectedly)',
    ],
    [
      'a refused connection',
      withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'),
      'ServiceUnavailableError',
      'The portal database is unavailable (insertSync: connect ECONNREFUSED 127.0.0.1:5432)',
    ],
    [
      'a server shutting down (SQLSTATE 57P01)',
      withCode(
        `update "gitops_applications" set "state" = '{}' - terminating connection due to administrator command`,
        '57P01',
      ),
      'ServiceUnavailableError',
      'The portal database is unavailable (insertSync: terminating connection due to administrator command)',
    ],
    [
      'an exhausted connection pool',
      new Error(
        'Knex: Timeout acquiring a connection. The pool is probably full. Are you missing a .transacting(trx) call?',
      ),
      'ServiceUnavailableError',
      'The portal database is unavailable (insertSync: Knex: Timeout acquiring a connection. The pool is probably full. Are you missing a .transacting(trx) call?)',
    ],
    [
      'a constraint violation on SQLite',
      withCode(
        `insert into \`gitops_syncs\` (\`id\`) values ('x') - UNIQUE constraint failed: gitops_syncs.id`,
        'SQLITE_CONSTRAINT_PRIMARYKEY',
      ),
      'StoreError',
      'Portal database error in insertSync: UNIQUE constraint failed: gitops_syncs.id',
    ],
    [
      'a multi-line statement',
      new Error(
        `with "due" as (select "id"\nfrom "gitops_applications") update "x" set "y" = 1 - relation "x" does not exist`,
      ),
      'StoreError',
      'Portal database error in insertSync: relation "x" does not exist',
    ],
    [
      'something thrown that is not an Error',
      'boom',
      'StoreError',
      'Portal database error in insertSync: boom',
    ],
  ])('describes %s', (_case, error, name, message) => {
    const storeError = toStoreError('insertSync', error);
    expect(storeError).toBeInstanceOf(StoreError);
    expect(storeError.name).toBe(name);
    expect(storeError.message).toBe(message);
    expect(storeError.databaseError).toBe(error);
  });

  it('keeps the driver error out of a serialized response', () => {
    const serialized = serializeError(
      toStoreError(
        'getSync',
        new Error(
          `select * from "gitops_syncs" where "id" = 'abc' - Connection terminated`,
        ),
      ),
    );
    expect(JSON.stringify(serialized)).not.toContain('select');
    expect(JSON.stringify(serialized)).not.toContain('abc');
    expect(serialized.name).toBe('ServiceUnavailableError');
  });
});

describe('withStoreErrors', () => {
  class FakeStore {
    calls = 0;
    async fails(): Promise<void> {
      this.calls++;
      throw new Error(
        `delete from "t" where "id" = 'secret-ish' - Connection terminated unexpectedly`,
      );
    }
    async works(value: number) {
      this.calls++;
      return value * 2;
    }
    throwsSynchronously(): number {
      throw new Error('select 1 - syntax error');
    }
  }

  it('passes results through and keeps `this`', async () => {
    const store = withStoreErrors(new FakeStore());
    await expect(store.works(21)).resolves.toBe(42);
    expect(store.calls).toBe(1);
  });

  it('turns a rejected call into a StoreError naming the method', async () => {
    const store = withStoreErrors(new FakeStore());
    await expect(store.fails()).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message:
        'The portal database is unavailable (fails: Connection terminated unexpectedly)',
    });
  });

  it('turns a synchronous throw into a StoreError too', () => {
    const store = withStoreErrors(new FakeStore());
    expect(() => store.throwsSynchronously()).toThrow(
      'Portal database error in throwsSynchronously: syntax error',
    );
  });
});
