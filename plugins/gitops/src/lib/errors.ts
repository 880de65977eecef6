import { ResponseError } from '@backstage/errors';

/**
 * The message a user should read for a failed call: the backend's own explanation when it sent
 * one (a `ResponseError`'s message is only "Request failed with 409 Conflict").
 */
export function describeError(error: unknown): string {
  if (error instanceof ResponseError || isResponseErrorLike(error)) {
    const cause = error.body?.error?.message;
    if (cause) {
      return cause;
    }
  }
  // Duck-typed: errors from another realm (iframe, test DOM) fail instanceof Error.
  const message = (error as { message?: unknown } | null)?.message;
  if (typeof message === 'string' && message) {
    return message;
  }
  return String(error);
}

/** HTTP status of a failed call, when the failure came from the backend. */
export function errorStatus(error: unknown): number | undefined {
  if (error instanceof ResponseError || isResponseErrorLike(error)) {
    return error.statusCode;
  }
  return undefined;
}

// Duck-typed as well, because a second copy of @backstage/errors breaks instanceof.
function isResponseErrorLike(error: unknown): error is ResponseError {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { name?: string }).name === 'ResponseError' &&
    'body' in error
  );
}
