import type { Table } from 'apache-arrow';
import { type DataSource, readSourceText } from './data-source';
import { parseJsonLine } from './parse-json-line';
import { lineLocator } from './record-locator';
import { rowsToTable, type TableFromRowsOptions } from './table-from-rows';

/** Options of `readJsonLines`: those of `tableFromRows`. */
export type ReadJsonLinesOptions = TableFromRowsOptions;

/**
 * A table from JSON Lines (one JSON object per line): the text, its UTF-8 bytes, or
 * `{ path }` of a file (read whole and synchronously; stream large files with
 * `iterateJsonLines`). Blank lines are skipped; LF and CRLF line ends both work. Types are
 * inferred as `tableFromRows` infers them (every number is Float64), or taken from
 * `options.schema` (where timestamps may be ISO 8601 strings and 64-bit integers decimal
 * strings).
 *
 * @throws DataFormatError (`format: 'jsonl'`, `line`: 1-based line number) when a line is
 * not a JSON object, a column mixes kinds of values or holds nested objects or arrays, or a
 * value does not fit the schema.
 *
 * @example
 * ```ts
 * const table = readJsonLines({ path: 'task-failures.jsonl' });
 * ```
 */
export function readJsonLines(input: DataSource, options: ReadJsonLinesOptions = {}): Table {
  const lines = readSourceText(input, 'jsonl').split('\n');
  const rows: Record<string, unknown>[] = [];
  const lineNumbers: number[] = [];
  lines.forEach((text, index) => {
    if (text.trim() === '') return;
    rows.push(parseJsonLine(text, index + 1));
    lineNumbers.push(index + 1);
  });
  return rowsToTable(
    rows,
    options,
    lineLocator('jsonl', (index) => lineNumbers[index] ?? index + 1),
  );
}
