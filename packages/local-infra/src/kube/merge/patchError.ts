/**
 * The error every patch function throws. `code` and `reason` are what the
 * API server puts in the Status body it answers with.
 *
 * api-concepts 'Patch': a JSON patch that cannot be applied (a failing
 * `test`, a path that does not exist) is answered 422 Invalid; a body that
 * is not a patch at all is answered 400 BadRequest.
 */
export class PatchError extends Error {
  readonly code: number;
  readonly reason: string;

  constructor(message: string, code: 400 | 422, reason: string) {
    super(message);
    this.name = 'PatchError';
    this.code = code;
    this.reason = reason;
  }

  static invalid(message: string): PatchError {
    return new PatchError(message, 422, 'Invalid');
  }

  static badRequest(message: string): PatchError {
    return new PatchError(message, 400, 'BadRequest');
  }
}
