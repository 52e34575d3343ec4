import type { Field, Schema, Table } from 'apache-arrow';
import { DataFormatError, InvalidArgumentError } from '../errors';
import { assembleTable } from './assemble-table';
import { checkColumnNames } from './check-column-names';
import { valueKindOf } from './coerce-value';
import { columnFromValues } from './column-from-values';
import type { StringEncoding } from './infer-value-type';
import { type RecordLocator, rowLocator } from './record-locator';

/** Options of `tableFromRows` and `readJsonLines`. */
export interface TableFromRowsOptions {
  /**
   * The table's schema. Each value is checked against its field's type: numbers, bigints
   * and decimal integer strings for integer fields (within range, whole), numbers for
   * float fields, Dates, epoch milliseconds or ISO 8601 strings for timestamp and date
   * fields. Keys that the schema does not name are ignored. Default: inferred (see
   * `tableFromRows`).
   */
  schema?: Schema;
  /**
   * The columns to build, in this order. With a schema, names of its fields to keep;
   * without one, keys to read (a key that no row has gives an all-null column). Default:
   * every schema field, or every key in order of first appearance.
   */
  columns?: readonly string[];
  /** How inferred string columns are stored. Default: `'utf8'`. */
  stringEncoding?: StringEncoding;
}

/**
 * A table from an array of plain objects, one per row; a missing key or `undefined` is a
 * null.
 *
 * Without a schema each column's type is inferred from its values: every number gives
 * Float64 (whole numbers too: declare Int32 or Int64 in a schema to store integers), a
 * bigint Int64, a boolean Bool, a string Utf8 (or a dictionary, see `stringEncoding`), a
 * Date a millisecond timestamp in UTC, and a column with no value the Null type. Inferred
 * fields are all nullable, so that tables read from different batches of the same data
 * concatenate.
 *
 * @throws DataFormatError (`format: 'rows'`, `line`: 1-based row number) when a row is not
 * an object, a column mixes kinds of values, holds a nested object or array, or a value
 * does not fit the schema.
 * @throws InvalidArgumentError when `columns` names a field the schema lacks, or the
 * schema declares a type this function cannot build.
 *
 * @example
 * ```ts
 * const table = tableFromRows([{ label: 'timeout_error', score: 0.93 }, { label: null, score: 0.4 }]);
 * table.schema.fields.map(String); // ['label: Utf8', 'score: Float64']
 * ```
 */
export function tableFromRows(
  rows: readonly Record<string, unknown>[],
  options: TableFromRowsOptions = {},
): Table {
  return rowsToTable(rows, options, rowLocator('rows'));
}

/** `tableFromRows` with errors pointing at the rows' origin (a line of a file, say). */
export function rowsToTable(
  rows: readonly Record<string, unknown>[],
  options: TableFromRowsOptions,
  locator: RecordLocator,
): Table {
  if (!Array.isArray(rows)) {
    throw new InvalidArgumentError({
      argument: 'rows',
      message: `rows must be an array of objects, got ${valueKindOf(rows)}.`,
    });
  }
  rows.forEach((row, index) => {
    if (typeof row !== 'object' || row === null || Array.isArray(row) || row instanceof Date) {
      throw new DataFormatError({
        format: locator.format,
        line: locator.lineOf(index),
        message: `The ${locator.describe(index)} is a ${valueKindOf(row)}, not an object; pass one plain object per row.`,
      });
    }
  });
  const stringEncoding = options.stringEncoding ?? 'utf8';
  const declared = declaredFields(options.schema, options.columns);
  const names = declared?.map((field) => field.name) ?? options.columns ?? keysInOrder(rows);
  const fields: Field[] = [];
  const vectors = names.map((name, column) => {
    const values = rows.map((row) => (Object.hasOwn(row, name) ? row[name] : null));
    const built = columnFromValues(name, values, declared?.[column], stringEncoding, locator);
    fields.push(built.field);
    return built.vector;
  });
  return assembleTable(fields, vectors, rows.length);
}

function declaredFields(
  schema: Schema | undefined,
  columns: readonly string[] | undefined,
): Field[] | undefined {
  if (columns !== undefined) checkColumnNames(columns);
  if (schema === undefined) return undefined;
  if (columns === undefined) return [...schema.fields];
  return columns.map((name) => {
    const field = schema.fields.find((candidate) => candidate.name === name);
    if (field === undefined) {
      throw new InvalidArgumentError({
        argument: 'columns',
        message: `Column ${JSON.stringify(name)} is not a field of the schema, which has: ${schema.fields.map((candidate) => candidate.name).join(', ')}. Add it to the schema or drop it from columns.`,
      });
    }
    return field;
  });
}

function keysInOrder(rows: readonly Record<string, unknown>[]): string[] {
  const keys = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) keys.add(key);
  return [...keys];
}
