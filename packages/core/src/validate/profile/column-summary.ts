import { DataType, type Table, type Vector } from 'apache-arrow';
import { columnNames } from '../../arrow';
import { type ColumnData, cellAt, isNullAt, readColumnData } from '../column-data';
import type { ValueType } from '../expectations';
import { entryCounts } from '../string-codes';

/** What one pass over a column finds; shared by schema inference and the metrics. */
export interface ColumnSummary {
  name: string;
  /** The logical type of {@link ValueType}; null for Arrow types it does not name (lists, structs…). */
  valueType: ValueType | null;
  rowCount: number;
  nullCount: number;
  /** NaN cells of a float column (values, not nulls). */
  nanCount: number;
  /** Distinct non-null values (NaN counted once). */
  distinctCount: number;
  /** Numbers other than NaN, for numeric (not boolean) columns; empty otherwise. */
  numbers: Float64Array;
  /** Distinct non-null strings in first-seen order, for string columns; empty otherwise. */
  distinctStrings: string[];
}

/** The logical type of an Arrow type, as the type expectation reads it. */
export function valueTypeOf(type: DataType): ValueType | null {
  if (DataType.isNull(type)) return 'null';
  if (DataType.isBool(type)) return 'boolean';
  if (DataType.isInt(type)) return 'integer';
  if (DataType.isFloat(type)) return 'float';
  if (DataType.isDecimal(type)) return 'number';
  if (DataType.isUtf8(type) || DataType.isLargeUtf8(type)) return 'string';
  if (DataType.isDictionary(type))
    return valueTypeOf(type.dictionary) === 'string' ? 'string' : null;
  if (DataType.isTimestamp(type)) return 'timestamp';
  if (DataType.isDate(type)) return 'date';
  return null;
}

/** Summaries of every column of `table`, in column order. */
export function summarizeTable(table: Table): ColumnSummary[] {
  return columnNames(table).map((name) => summarizeColumn(table, name));
}

function summarizeColumn(table: Table, name: string): ColumnSummary {
  const vector = table.getChild(name) as Vector;
  const data = readColumnData(table, name);
  const base = {
    name,
    valueType: valueTypeOf(vector.type as DataType),
    rowCount: table.numRows,
    nullCount: data.nullCount,
  };
  if (data.kind === 'string') {
    const counts = entryCounts(data);
    const distinctStrings = data.entries.filter((_, entry) => (counts[entry] as number) > 0);
    return {
      ...base,
      nanCount: 0,
      distinctCount: distinctStrings.length,
      numbers: new Float64Array(0),
      distinctStrings,
    };
  }
  if (data.kind === 'numeric' && !data.isBoolean) {
    const numbers: number[] = [];
    const distinct = new Set<number>();
    let nanCount = 0;
    for (let index = 0; index < data.values.length; index++) {
      if (isNullAt(data, index)) continue;
      const value = data.values[index] as number;
      distinct.add(value);
      if (Number.isNaN(value)) nanCount++;
      else numbers.push(value);
    }
    return {
      ...base,
      nanCount,
      distinctCount: distinct.size,
      numbers: Float64Array.from(numbers),
      distinctStrings: [],
    };
  }
  return {
    ...base,
    nanCount: 0,
    distinctCount: countDistinctCells(data, table.numRows),
    numbers: new Float64Array(0),
    distinctStrings: [],
  };
}

function countDistinctCells(data: ColumnData, rowCount: number): number {
  const distinct = new Set<string>();
  for (let index = 0; index < rowCount; index++) {
    if (!isNullAt(data, index)) distinct.add(JSON.stringify(cellAt(data, index)));
  }
  return distinct.size;
}

/** Smallest and largest of `numbers`, or null when there are none. */
export function rangeOf(numbers: Float64Array): { min: number; max: number } | null {
  if (numbers.length === 0) return null;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const value of numbers) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return { min, max };
}
