import { LoggerService } from '@backstage/backend-plugin-api';
import { CustomErrorBase } from '@backstage/errors';
import { ErrorRequestHandler } from 'express';

/** A body in a media type the route does not read (415); @backstage/errors has no such error. */
export class UnsupportedMediaTypeError extends CustomErrorBase {
  name = 'UnsupportedMediaTypeError' as const;
}

/** @backstage/errors names whose message is meant for the caller, and their status. */
const KNOWN_ERRORS: Record<string, number> = {
  NotModifiedError: 304,
  InputError: 400,
  AuthenticationError: 401,
  NotAllowedError: 403,
  NotFoundError: 404,
  ConflictError: 409,
  UnsupportedMediaTypeError: 415,
  NotImplementedError: 501,
  ServiceUnavailableError: 503,
};

interface Classified {
  status: number;
  name: string;
  message: string;
}

function classify(error: unknown): Classified {
  const e = (error ?? {}) as {
    name?: unknown;
    message?: unknown;
    status?: unknown;
    statusCode?: unknown;
    expose?: unknown;
  };
  const name = typeof e.name === 'string' ? e.name : 'Error';
  const message = typeof e.message === 'string' ? e.message : '';
  if (name in KNOWN_ERRORS)
    return { status: KNOWN_ERRORS[name], name, message };
  // Body parser errors (http-errors): 400 malformed JSON, 413 too large, 415 bad charset. Only
  // client errors flagged `expose` carry a message written for the caller.
  const status = typeof e.status === 'number' ? e.status : e.statusCode;
  if (
    typeof status === 'number' &&
    status >= 400 &&
    status < 500 &&
    e.expose === true
  ) {
    return {
      status,
      name: status === 413 ? 'PayloadTooLargeError' : 'InputError',
      message,
    };
  }
  return { status: 500, name: 'Error', message: 'Internal server error' };
}

/**
 * Answers every error in Backstage's error body shape. Unlike the root router's default handler it
 * never includes a stack trace or `cause`, and hides the message of unexpected (500) errors: those
 * can carry cluster addresses, file paths or Git remote URLs.
 */
export function createErrorHandler(logger: LoggerService): ErrorRequestHandler {
  return (error, req, res, next) => {
    const { status, name, message } = classify(error);
    if (status >= 500) {
      logger.error(
        `${req.method} ${req.originalUrl} failed with status ${status}`,
        error instanceof Error ? error : new Error(String(error)),
      );
    }
    if (res.headersSent) {
      next(error);
      return;
    }
    res.status(status).json({
      error: { name, message },
      request: { method: req.method, url: req.url },
      response: { statusCode: status },
    });
  };
}
