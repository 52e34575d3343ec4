import { readFile } from 'node:fs/promises';
import type { Table } from 'apache-arrow';
import { readArrowIpc, type WriteArrowIpcOptions, writeArrowIpc } from './arrow-ipc';
import { writeFileAtomically } from './write-file-atomically';

/** Options of `readArrowIpcFile`. */
export interface ReadArrowIpcFileOptions {
  /** Aborts the read; the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** Options of `writeArrowIpcFile`. */
export interface WriteArrowIpcFileOptions extends WriteArrowIpcOptions {
  /** Aborts the write; the promise then rejects with the signal's reason and `path` is left as it was. */
  signal?: AbortSignal;
}

/**
 * A table from an Arrow IPC file (either layout) read without blocking the event loop.
 *
 * @throws DataFormatError (`format: 'arrow-ipc'`) when the file is empty or not Arrow IPC.
 * @throws the Node.js file-system error when the file cannot be read.
 */
export async function readArrowIpcFile(
  path: string,
  options: ReadArrowIpcFileOptions = {},
): Promise<Table> {
  const bytes = await readFile(path, { signal: options.signal });
  return readArrowIpc(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
}

/**
 * Writes the table to `path` as Arrow IPC (default layout `'stream'`) atomically: readers
 * see the old file or the complete new one, never a partial write. The directory must
 * exist.
 *
 * @throws InvalidArgumentError or DataFormatError as `writeArrowIpc` does.
 * @throws the Node.js file-system error when the file cannot be written.
 */
export async function writeArrowIpcFile(
  path: string,
  table: Table,
  options: WriteArrowIpcFileOptions = {},
): Promise<void> {
  const bytes = writeArrowIpc(table, options);
  await writeFileAtomically(path, bytes, options.signal);
}
