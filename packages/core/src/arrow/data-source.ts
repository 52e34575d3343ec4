import { readFileSync } from 'node:fs';
import { DataFormatError, InvalidArgumentError } from '../errors';

/**
 * Where a reader takes its input: the text itself (a string), its UTF-8 bytes, or
 * `{ path }` of a file, read whole and synchronously (stream large JSON Lines files with
 * `iterateJsonLines` instead).
 */
export type DataSource = string | Uint8Array | { readonly path: string };

/**
 * The text of `input`; a UTF-8 byte order mark is dropped.
 *
 * @throws DataFormatError when the bytes are not valid UTF-8.
 * @throws InvalidArgumentError when `input` is none of the accepted shapes.
 * @throws the Node.js file-system error (ENOENT, EACCES…) when the file cannot be read.
 */
export function readSourceText(input: DataSource, format: DataFormatError['format']): string {
  const text = typeof input === 'string' ? input : decodeUtf8(readSourceBytes(input), format);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The bytes of `input` when it is bytes or `{ path }` (read synchronously). */
export function readSourceBytes(input: Uint8Array | { readonly path: string }): Uint8Array {
  if (input instanceof Uint8Array) return input;
  if (typeof input === 'object' && input !== null && typeof input.path === 'string') {
    return readFileSync(input.path);
  }
  throw new InvalidArgumentError({
    argument: 'input',
    message: 'input must be a string, a Uint8Array or { path: string }.',
  });
}

function decodeUtf8(bytes: Uint8Array, format: DataFormatError['format']): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch (error) {
    throw new DataFormatError({
      format,
      message:
        'The input is not valid UTF-8 text. Convert the file to UTF-8 (for example with iconv) and read it again.',
      cause: error,
    });
  }
}
