/**
 * A failed store call. Its `name` sets the HTTP status Backstage's error handler answers with:
 * `ServiceUnavailableError` (503) when the database cannot be reached, else `StoreError` (500).
 * The driver's error is kept for debugging as a non-enumerable `databaseError`, so a serialized API
 * response never carries it (a `cause` would be serialized).
 */
export class StoreError extends Error {
  declare readonly databaseError?: unknown;

  constructor(
    message: string,
    name: 'StoreError' | 'ServiceUnavailableError',
    databaseError: unknown,
  ) {
    super(message);
    this.name = name;
    Object.defineProperty(this, 'databaseError', {
      value: databaseError,
      enumerable: false,
    });
  }
}

/** Node socket errors and PostgreSQL's "admin shutdown" / "cannot connect now" classes. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  '57P01',
  '57P02',
  '57P03',
]);
const CONNECTION_MESSAGES =
  /connection terminated|connection (was )?closed|timeout acquiring a connection|terminating connection|the database system is (starting up|shutting down)/i;
/** knex prefixes a failed statement's error with the statement and its bound values. */
const KNEX_STATEMENT_PREFIX =
  /^\s*(select|insert|update|delete|with|create|alter|drop|begin|commit|rollback|savepoint|release|pragma)\b[\s\S]* - /i;
const MAX_REASON = 300;

/**
 * What a failed store call tells users: the operation and the driver's own words, never the
 * statement (knex's message carries the SQL and its values, which would reach sync messages,
 * history and API responses).
 */
export function toStoreError(operation: string, error: unknown): StoreError {
  if (error instanceof StoreError) return error;
  const e = (error ?? {}) as { message?: unknown; code?: unknown };
  const message = typeof e.message === 'string' ? e.message : String(error);
  const reason =
    message.replace(KNEX_STATEMENT_PREFIX, '').trim().slice(0, MAX_REASON) ||
    'unknown error';
  if (
    (typeof e.code === 'string' && CONNECTION_CODES.has(e.code)) ||
    CONNECTION_MESSAGES.test(reason)
  ) {
    return new StoreError(
      `The portal database is unavailable (${operation}: ${reason})`,
      'ServiceUnavailableError',
      error,
    );
  }
  return new StoreError(
    `Portal database error in ${operation}: ${reason}`,
    'StoreError',
    error,
  );
}

/** `store` with every method's failure passed through {@link toStoreError}. */
export function withStoreErrors<T extends object>(store: T): T {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      const operation = String(property);
      return (...args: unknown[]) => {
        try {
          const result = value.apply(target, args);
          return result instanceof Promise
            ? result.catch(error => {
                throw toStoreError(operation, error);
              })
            : result;
        } catch (error) {
          throw toStoreError(operation, error);
        }
      };
    },
  });
}
