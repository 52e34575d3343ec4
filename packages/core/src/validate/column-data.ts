import { type Data, DataType, Precision, type Table, type Vector } from 'apache-arrow';
import { numericColumn } from '../arrow';
import { valueFamilyOf } from '../arrow/value-family';
import { InvalidArgumentError } from '../errors';
import type { NumericArray } from '../stats';
import type { FailureCaseValue } from './results';
import { encodeStrings, type StringCodes } from './string-codes';

/** A numeric column's values: the Arrow buffer itself when it can be read as is, else a float64 copy. */
export type NumericValues = Exclude<NumericArray, readonly number[] | Uint8ClampedArray>;

/** A column read once for every check of a suite. */
export type ColumnData =
  | {
      kind: 'numeric';
      name: string;
      /** NaN at null rows (a column with nulls is always a float64 copy). */
      values: NumericValues;
      /** 1 where the row holds a value; null when no row is null. */
      valid: Uint8Array | null;
      nullCount: number;
      /** A Bool column, whose cells are reported as booleans. */
      isBoolean: boolean;
      /** A column of Arrow's Null type, which string checks accept as all null. */
      isNullType: boolean;
    }
  | ({ kind: 'string'; name: string } & StringCodes)
  | { kind: 'other'; name: string; vector: Vector; nullCount: number };

/** Reads `name` as numbers, strings, or (timestamps, dates, others) as an Arrow vector. */
export function readColumnData(table: Table, name: string): ColumnData {
  const vector = table.getChild(name) as Vector;
  const type = vector.type as DataType;
  const family = valueFamilyOf(type);
  if (family === 'string') {
    return { kind: 'string', name, ...encodeStrings(vector) };
  }
  if (
    DataType.isInt(type) ||
    DataType.isFloat(type) ||
    DataType.isDecimal(type) ||
    DataType.isBool(type) ||
    DataType.isNull(type)
  ) {
    const { values, valid, nullCount } = asIs(vector) ?? numericColumn(table, name);
    return {
      kind: 'numeric',
      name,
      values,
      valid,
      nullCount,
      isBoolean: DataType.isBool(type),
      isNullType: DataType.isNull(type),
    };
  }
  const nullCount = DataType.isNull(type) ? vector.length : vector.nullCount;
  return { kind: 'other', name, vector, nullCount };
}

/**
 * The values buffer of a single-chunk column without nulls whose type reads exactly as
 * numbers (8 to 32-bit integers, float32, float64): no copy, no conversion.
 */
function asIs(vector: Vector): { values: NumericValues; valid: null; nullCount: 0 } | undefined {
  const chunks = vector.data as Data[];
  const only = chunks[0];
  if (chunks.length !== 1 || only === undefined || only.nullCount !== 0) return undefined;
  const type = only.type as DataType;
  const readable =
    (DataType.isInt(type) && type.bitWidth <= 32) ||
    (DataType.isFloat(type) && type.precision !== Precision.HALF);
  if (!readable) return undefined;
  const buffer = only.values as NumericValues;
  return {
    values: buffer.length === only.length ? buffer : buffer.subarray(0, only.length),
    valid: null,
    nullCount: 0,
  };
}

/** Whether row `index` of the column is null. */
export function isNullAt(data: ColumnData, index: number): boolean {
  switch (data.kind) {
    case 'numeric':
      return data.valid !== null && data.valid[index] === 0;
    case 'string':
      return (data.codes[index] as number) < 0;
    case 'other':
      return !data.vector.isValid(index);
  }
}

/** The cell at `index` as a JSON value for the failure table. */
export function cellAt(data: ColumnData, index: number): FailureCaseValue {
  if (isNullAt(data, index)) return null;
  switch (data.kind) {
    case 'numeric': {
      const value = data.values[index] as number;
      return data.isBoolean ? value === 1 : value;
    }
    case 'string':
      return data.entries[data.codes[index] as number] as string;
    case 'other':
      return jsonCell(data.vector.get(index));
  }
}

function jsonCell(value: unknown): FailureCaseValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean')
    return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.getTime();
  return String(value);
}

/** The column as numbers, or a typed error naming the check that needs them. */
export function requireNumeric(
  data: ColumnData,
  check: string,
): Extract<ColumnData, { kind: 'numeric' }> {
  if (data.kind === 'numeric') return data;
  throw new InvalidArgumentError({
    argument: 'suite',
    message: `${check} needs a numeric column, but ${JSON.stringify(data.name)} holds ${data.kind === 'string' ? 'strings' : 'values that are neither numbers nor strings'}. Remove the check or convert the column.`,
  });
}

/** The string column (a Null-typed column reads as all null), or a typed error naming the check. */
export function requireStrings(data: ColumnData, check: string, length: number): StringCodes {
  if (data.kind === 'string') return data;
  if (data.kind === 'numeric' && data.isNullType) {
    return { codes: new Int32Array(length).fill(-1), entries: [], nullCount: length };
  }
  throw new InvalidArgumentError({
    argument: 'suite',
    message: `${check} needs a string column, but ${JSON.stringify(data.name)} does not hold strings. Remove the check or convert the column.`,
  });
}
