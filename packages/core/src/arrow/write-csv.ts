import type { Table } from 'apache-arrow';
import { stringify } from 'csv-stringify/sync';
import { checkDelimiter } from './check-delimiter';
import { type ColumnCells, columnCells } from './column-cells';
import { defaultCsvNullValues } from './csv-null-values';

/** Options of `writeCsv`. */
export interface WriteCsvOptions {
  /** The field delimiter. Default: `','`. */
  delimiter?: string;
  /** Whether to write a header line of column names first. Default: `true`. */
  header?: boolean;
  /**
   * Strings equal to one of these are written quoted, so that `readCsv` with the same
   * `nullValues` reads them back as strings, not nulls. Default: `defaultCsvNullValues`.
   */
  nullValues?: readonly string[];
}

/**
 * The table as CSV text with LF line ends. A null is an empty unquoted field; an empty
 * string is `""`; fields holding the delimiter, a quote or a line break are quoted with
 * inner quotes doubled (csv-stringify). Numbers are written as JavaScript spells them
 * (shortest round-trip form, `NaN`, `Infinity`, `-0`), bigints in full, booleans as
 * `true`/`false`, timestamps as ISO 8601 in UTC, dates as `YYYY-MM-DD`. `readCsv` reads
 * the text back to the same values (give it the schema to get the same types back: CSV
 * has no types, and inference turns integers into Float64).
 *
 * @throws InvalidArgumentError when the table has a column of a nested or binary type, or
 * `delimiter` is invalid.
 *
 * @example
 * ```ts
 * writeCsv(tableFromRows([{ task: 'load', note: 'said "hi", left' }]));
 * // 'task,note\nload,"said ""hi"", left"\n'
 * ```
 */
export function writeCsv(table: Table, options: WriteCsvOptions = {}): string {
  const delimiter = checkDelimiter(options.delimiter ?? ',');
  const columns = columnCells(table, 'csv');
  const texts = columns.map(textsOf);
  const records: (string | null)[][] = [];
  if (options.header ?? true) records.push(columns.map((column) => column.name));
  for (let row = 0; row < table.numRows; row++) {
    records.push(texts.map((column) => column[row] ?? null));
  }
  const nullLike = new Set(options.nullValues ?? defaultCsvNullValues).add('');
  return stringify(records, {
    delimiter,
    record_delimiter: 'unix',
    // One alternation, not one expression per value: csv-stringify tests every field.
    quoted_match: new RegExp(`^(?:${[...nullLike].map(escapeRegExp).join('|')})$`),
  });
}

function textsOf(column: ColumnCells): (string | null)[] {
  return column.values.map((value, index) => {
    if (value === null) return null;
    switch (column.family) {
      case 'float':
        return Object.is(value, -0) ? '-0' : String(value);
      case 'bool':
        return value ? 'true' : 'false';
      case 'timestamp':
      case 'date':
        return column.formatTime(value as number, index);
      default:
        return String(value);
    }
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}
