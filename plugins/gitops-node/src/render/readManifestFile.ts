import { open } from 'node:fs/promises';
import { RenderError } from './errors';

/**
 * Reads a file as UTF-8 text, refusing it when larger than `maxBytes` (checked on the
 * open descriptor before reading, and again while reading in case it grows) or when it
 * is not valid UTF-8 — Kubernetes manifests are UTF-8, and silently replacing bytes
 * would apply something other than what is in Git.
 */
export async function readUtf8File(
  abs: string,
  display: string,
  maxBytes: number,
): Promise<{ text: string; bytes: number }> {
  const handle = await open(abs, 'r');
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) throw tooLarge(display, size, maxBytes);
    const buffer = Buffer.alloc(Math.min(size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        // The file grew after fstat; never read past the limit.
        if (length > maxBytes) throw tooLarge(display, length, maxBytes);
        throw new RenderError('file changed while being read', {
          file: display,
        });
      }
      const { bytesRead } = await handle.read(
        buffer,
        length,
        buffer.length - length,
        null,
      );
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    return {
      text: decodeUtf8(buffer.subarray(0, length), display),
      bytes: length,
    };
  } finally {
    await handle.close();
  }
}

export function decodeUtf8(bytes: Uint8Array, display: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (e) {
    throw new RenderError('file is not valid UTF-8 text', {
      file: display,
      cause: e,
    });
  }
}

function tooLarge(display: string, size: number, max: number): RenderError {
  return new RenderError(
    `file is larger than the limit of ${max} bytes (${size} bytes or more)`,
    { file: display },
  );
}
