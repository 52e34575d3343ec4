import { Field, makeVector, type Table, Vector } from 'apache-arrow';
import { DataFormatError, InvalidArgumentError } from '../errors';
import { assembleTable } from './assemble-table';
import { valueKindOf } from './coerce-value';
import { columnFromValues } from './column-from-values';
import type { StringEncoding } from './infer-value-type';
import { rowLocator } from './record-locator';

/** A typed array that becomes an Arrow vector without copying. */
export type NumericTypedArray =
  | Float32Array
  | Float64Array
  | Int8Array
  | Int16Array
  | Int32Array
  | Uint8Array
  | Uint8ClampedArray
  | Uint16Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array;

/**
 * The values of one column for `tableFromColumns`: a typed array (stored without copying),
 * an Arrow `Vector` (used as it is), or an array or array-like of JavaScript values
 * (typed as `tableFromRows` types them).
 */
export type ColumnValues = NumericTypedArray | Vector | ArrayLike<unknown>;

/** Options of `tableFromColumns`. */
export interface TableFromColumnsOptions {
  /** How inferred string columns are stored. Default: `'utf8'`. */
  stringEncoding?: StringEncoding;
}

/**
 * A table from named columns, in the order of `Object.keys(columns)` (JavaScript puts
 * integer-like keys such as `"0"` first).
 *
 * A typed array becomes a vector over the same memory: `Float64Array` gives Float64,
 * `Int32Array` Int32, `BigInt64Array` Int64 and so on (`Uint8ClampedArray` gives Uint8);
 * changing the array afterwards changes the table. An Arrow `Vector` is used as it is. Any
 * other array is typed like a column of `tableFromRows`: numbers Float64, strings Utf8,
 * booleans Bool, bigints Int64, Dates millisecond timestamps, `null`/`undefined` nulls.
 * Every field is nullable.
 *
 * @throws DataFormatError (`format: 'columns'`) when the columns differ in length, or an
 * array mixes kinds of values (`line` is then the 1-based position in that array).
 * @throws InvalidArgumentError when `columns` is not an object or a column is not an array.
 *
 * @example
 * ```ts
 * const latencyMs = new Float64Array([12.5, 8.25, 30]);
 * const table = tableFromColumns({ latencyMs, host: ['a', 'b', null] });
 * ```
 */
export function tableFromColumns(
  columns: Readonly<Record<string, ColumnValues>>,
  options: TableFromColumnsOptions = {},
): Table {
  if (typeof columns !== 'object' || columns === null || Array.isArray(columns)) {
    throw new InvalidArgumentError({
      argument: 'columns',
      message: `columns must be an object mapping column names to arrays, got ${valueKindOf(columns)}.`,
    });
  }
  const prepared = Object.entries(columns).map(([name, values]) => {
    const direct = directVector(name, values);
    return direct === undefined
      ? { name, length: (values as ArrayLike<unknown>).length, values }
      : { name, length: direct.length, direct };
  });
  checkLengths(prepared);
  const stringEncoding = options.stringEncoding ?? 'utf8';
  const fields: Field[] = [];
  const vectors = prepared.map(({ name, direct, values }) => {
    if (direct !== undefined) {
      fields.push(new Field(name, direct.type, true));
      return direct;
    }
    const plain = Array.isArray(values) ? values : Array.from(values as ArrayLike<unknown>);
    const built = columnFromValues(name, plain, undefined, stringEncoding, rowLocator('columns'));
    fields.push(built.field);
    return built.vector;
  });
  return assembleTable(fields, vectors, prepared[0]?.length ?? 0);
}

/** The column as a vector without copying, or `undefined` when it is a plain array. */
function directVector(name: string, values: ColumnValues): Vector | undefined {
  if (values instanceof Vector) return values;
  if (values instanceof Uint8ClampedArray) {
    return makeVector(new Uint8Array(values.buffer, values.byteOffset, values.length));
  }
  if (ArrayBuffer.isView(values)) {
    if (values instanceof DataView) throw notAnArray(name, 'DataView');
    return makeVector(values as Exclude<NumericTypedArray, Uint8ClampedArray>);
  }
  if (typeof values !== 'object' || values === null || typeof values.length !== 'number') {
    throw notAnArray(name, valueKindOf(values));
  }
  return undefined;
}

function notAnArray(name: string, kind: string): InvalidArgumentError {
  return new InvalidArgumentError({
    argument: 'columns',
    message: `Column ${JSON.stringify(name)} is not an array (got ${kind}); give each column as an array, a typed array or an Arrow Vector.`,
  });
}

function checkLengths(columns: readonly { name: string; length: number }[]): void {
  const first = columns[0]?.length;
  if (columns.every(({ length }) => length === first)) return;
  const listed = columns.map(({ name, length }) => `${JSON.stringify(name)} has ${length}`);
  throw new DataFormatError({
    format: 'columns',
    message: `Columns differ in length (${listed.join(', ')}); give every column one value per row.`,
  });
}
