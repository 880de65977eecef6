/**
 * A render failure a user can act on: the message names the repository file (and the
 * document inside it) wherever one is known.
 * @public
 */
export class RenderError extends Error {
  /** Repository-relative path of the file at fault, when known. */
  readonly file?: string;
  /** 1-based index of the YAML document inside `file`. */
  readonly documentIndex?: number;

  constructor(
    message: string,
    details: { file?: string; documentIndex?: number; cause?: unknown } = {},
  ) {
    const where = details.file
      ? `${details.file}${
          details.documentIndex !== undefined
            ? ` (document ${details.documentIndex})`
            : ''
        }: `
      : '';
    super(`${where}${message}`, { cause: details.cause });
    this.name = 'RenderError';
    this.file = details.file;
    this.documentIndex = details.documentIndex;
  }
}

/**
 * The renderer itself could not do its work: its binary is missing or not executable, or it
 * crashed. Not the repository's fault: the message names the binary, not a file.
 * @public
 */
export class RendererUnavailableError extends RenderError {
  constructor(
    /** The binary as configured (`kubectl`, or a path). */
    readonly binary: string,
    /** What went wrong, e.g. `not found (ENOENT)`. */
    readonly reason: string,
    cause?: unknown,
  ) {
    super(`renderer ${binary} is unavailable: ${reason}`, { cause });
    this.name = 'RendererUnavailableError';
  }
}
