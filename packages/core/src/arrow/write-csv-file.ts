import type { Table } from 'apache-arrow';
import { type WriteCsvOptions, writeCsv } from './write-csv';
import { writeFileAtomically } from './write-file-atomically';

/** Options of `writeCsvFile`. */
export interface WriteCsvFileOptions extends WriteCsvOptions {
  /** Aborts the write; the promise then rejects with the signal's reason and `path` is left as it was. */
  signal?: AbortSignal;
}

/**
 * Writes the table to `path` as UTF-8 CSV (see `writeCsv`), atomically: readers see the
 * old file or the complete new one. The directory must exist.
 *
 * @throws InvalidArgumentError as `writeCsv` does.
 * @throws the Node.js file-system error when the file cannot be written.
 */
export async function writeCsvFile(
  path: string,
  table: Table,
  options: WriteCsvFileOptions = {},
): Promise<void> {
  await writeFileAtomically(path, writeCsv(table, options), options.signal);
}
