import { type Table, tableFromIPC, tableToIPC } from 'apache-arrow';
import { DataFormatError, InvalidArgumentError } from '../errors';
import { readSourceBytes } from './data-source';

/**
 * The two Arrow IPC layouts: `stream`, the streaming format (conventionally `.arrows`),
 * read front to back; and `file`, the random-access file format (`.arrow`, the layout of
 * Feather V2), which ends in a footer indexing its record batches.
 */
export type ArrowIpcFormat = 'stream' | 'file';

/** Options of `writeArrowIpc`. */
export interface WriteArrowIpcOptions {
  /** The IPC layout. Default: `'stream'`. */
  format?: ArrowIpcFormat;
}

/**
 * The table in the Arrow IPC format, ready to send or store. Readable by `readArrowIpc`,
 * pyarrow (`pa.ipc.open_stream` / `pa.ipc.open_file`) and every other Arrow library.
 *
 * @throws InvalidArgumentError when `format` is not `'stream'` or `'file'`.
 * @throws DataFormatError (`format: 'arrow-ipc'`) when Arrow cannot serialize the table.
 */
export function writeArrowIpc(table: Table, options: WriteArrowIpcOptions = {}): Uint8Array {
  const format = options.format ?? 'stream';
  if (format !== 'stream' && format !== 'file') {
    throw new InvalidArgumentError({
      argument: 'format',
      message: `format must be 'stream' or 'file', got ${JSON.stringify(format)}.`,
    });
  }
  try {
    return tableToIPC(table, format);
  } catch (error) {
    throw new DataFormatError({
      format: 'arrow-ipc',
      message: `Arrow could not write the table as IPC ${format}: ${messageOf(error)}.`,
      cause: error,
    });
  }
}

/**
 * A table from Arrow IPC bytes in either layout (detected from the bytes), or from the
 * file at a path (a string or `{ path }`, read synchronously; see `readArrowIpcFile` for
 * the asynchronous reader). Only the first table of a stream is read. The table's buffers
 * are views into the bytes, not copies.
 *
 * @throws DataFormatError (`format: 'arrow-ipc'`) when the bytes are empty, truncated or
 * not Arrow IPC.
 * @throws the Node.js file-system error when the file cannot be read.
 */
export function readArrowIpc(input: Uint8Array | string | { readonly path: string }): Table {
  const bytes = readSourceBytes(typeof input === 'string' ? { path: input } : input);
  if (bytes.byteLength === 0) {
    throw new DataFormatError({
      format: 'arrow-ipc',
      message:
        'The Arrow IPC input is empty. Check that the producer wrote the table and that the right file was read.',
    });
  }
  try {
    return tableFromIPC(bytes);
  } catch (error) {
    throw new DataFormatError({
      format: 'arrow-ipc',
      message: `The input is not a readable Arrow IPC stream or file (${messageOf(error)}). Check that it is complete and was written as Arrow IPC, not Parquet or CSV.`,
      cause: error,
    });
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
