import type { Table } from 'apache-arrow';
import { mean, standardDeviation } from '../../stats';
import type { ValueType } from '../expectations';
import { rangeOf, summarizeTable } from './column-summary';

/** Metrics of one column in one run; null where a metric does not apply or has no value. */
export interface ColumnMetrics {
  /** Logical type; null for Arrow types outside {@link ValueType}. */
  valueType: ValueType | null;
  /** Null cells. */
  nullCount: number;
  /** Null cells over rows; 0 for an empty table. */
  nullFraction: number;
  /** Distinct non-null values. */
  distinctCount: number;
  /** Mean of the numbers (NaN left out); null for non-numeric columns or without a number. */
  mean: number | null;
  /** Sample standard deviation (n − 1) of the numbers; null with fewer than two. */
  standardDeviation: number | null;
  /** Smallest number; null for non-numeric columns or without a number. */
  min: number | null;
  /** Largest number; null for non-numeric columns or without a number. */
  max: number | null;
}

/** Metrics of a whole table in one run: plain JSON, stored by the metrics repository. */
export interface TableMetrics {
  /** Rows of the table. */
  rowCount: number;
  /** Metrics per column name, in table order. */
  columns: Record<string, ColumnMetrics>;
}

/** Names of the numeric metrics that anomaly rules can watch. */
export type MetricName =
  | 'rowCount'
  | 'nullCount'
  | 'nullFraction'
  | 'distinctCount'
  | 'mean'
  | 'standardDeviation'
  | 'min'
  | 'max';

/**
 * Computes deequ-style metrics of every column of `table` in one pass per column: null
 * count and fraction, distinct count, and for numeric (not boolean) columns mean, sample
 * standard deviation, min and max over the numbers other than NaN.
 *
 * @example
 * ```ts
 * await repository.save({ dataset: 'orders', metrics: computeColumnMetrics(table) });
 * ```
 */
export function computeColumnMetrics(table: Table): TableMetrics {
  const columns: Record<string, ColumnMetrics> = {};
  for (const summary of summarizeTable(table)) {
    const range = rangeOf(summary.numbers);
    columns[summary.name] = {
      valueType: summary.valueType,
      nullCount: summary.nullCount,
      nullFraction: summary.rowCount === 0 ? 0 : summary.nullCount / summary.rowCount,
      distinctCount: summary.distinctCount,
      mean: summary.numbers.length > 0 ? mean(summary.numbers) : null,
      standardDeviation:
        summary.numbers.length > 1 ? standardDeviation(summary.numbers, { ddof: 1 }) : null,
      min: range?.min ?? null,
      max: range?.max ?? null,
    };
  }
  return { rowCount: table.numRows, columns };
}
