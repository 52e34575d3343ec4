import { DataType, type Table, type Vector } from 'apache-arrow';
import { numericColumn, stringColumn } from '../arrow';
import { valueFamilyOf } from '../arrow/value-family';
import { InvalidArgumentError } from '../errors';
import type { FailureCaseValue } from './results';

/** A column read once for every check of a suite. */
export type ColumnData =
  | {
      kind: 'numeric';
      name: string;
      /** NaN at null rows. */
      values: Float64Array;
      /** 1 where the row holds a value; null when no row is null. */
      valid: Uint8Array | null;
      nullCount: number;
      /** A Bool column, whose cells are reported as booleans. */
      isBoolean: boolean;
      /** A column of Arrow's Null type, which string checks accept as all null. */
      isNullType: boolean;
    }
  | { kind: 'string'; name: string; values: (string | null)[]; nullCount: number }
  | { kind: 'other'; name: string; vector: Vector; nullCount: number };

/** Reads `name` as numbers, strings, or (timestamps, dates, others) as an Arrow vector. */
export function readColumnData(table: Table, name: string): ColumnData {
  const vector = table.getChild(name) as Vector;
  const type = vector.type as DataType;
  const family = valueFamilyOf(type);
  if (family === 'string') {
    const values = stringColumn(table, name);
    let nullCount = 0;
    for (const value of values) if (value === null) nullCount++;
    return { kind: 'string', name, values, nullCount };
  }
  if (
    DataType.isInt(type) ||
    DataType.isFloat(type) ||
    DataType.isDecimal(type) ||
    DataType.isBool(type) ||
    DataType.isNull(type)
  ) {
    const { values, valid, nullCount } = numericColumn(table, name);
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

/** Whether row `index` of the column is null. */
export function isNullAt(data: ColumnData, index: number): boolean {
  switch (data.kind) {
    case 'numeric':
      return data.valid !== null && data.valid[index] === 0;
    case 'string':
      return data.values[index] === null;
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
      return data.values[index] as string;
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

/** The column as strings (a Null-typed column reads as all null), or a typed error naming the check. */
export function requireStrings(data: ColumnData, check: string, length: number): (string | null)[] {
  if (data.kind === 'string') return data.values;
  if (data.kind === 'numeric' && data.isNullType) {
    return new Array<string | null>(length).fill(null);
  }
  throw new InvalidArgumentError({
    argument: 'suite',
    message: `${check} needs a string column, but ${JSON.stringify(data.name)} does not hold strings. Remove the check or convert the column.`,
  });
}
