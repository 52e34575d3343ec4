import type { Table } from 'apache-arrow';
import { InvalidArgumentError } from '../../errors';
import type { ValueType } from '../expectations';
import { rangeOf, summarizeTable } from './column-summary';

/** What {@link inferSchema} learnt of one column; a plain JSON object that may be edited. */
export interface ColumnSchema {
  /** The column name. */
  name: string;
  /** Logical type (as {@link ValueType}); null for Arrow types outside it (lists, structs…). */
  valueType: ValueType | null;
  /** TFDV's presence: how many cells of the reference were null, and which fraction (0 for an empty table). */
  presence: { nullCount: number; nullFraction: number };
  /**
   * Smallest and largest number of a numeric (not boolean) column, NaN left out; absent when
   * the column has no number. `nanCount` counts the NaN cells (values, not nulls).
   */
  range?: { min: number; max: number; nanCount: number };
  /** The distinct strings of a string column (sorted), when there are 1 to `maxDomainSize` of them. */
  domain?: string[];
}

/** A schema inferred from a reference table, after TFDV's `infer_schema`; plain JSON. */
export interface InferredSchema {
  /** Rows of the reference table. */
  rowCount: number;
  /** One entry per column, in table order. */
  columns: ColumnSchema[];
}

/** Options of {@link inferSchema}. */
export interface InferSchemaOptions {
  /** Most distinct strings a column may have to get a domain (TFDV's `max_string_domain_size`). Default 100. */
  maxDomainSize?: number;
}

/**
 * Infers a schema from a reference table, as TFDV's `infer_schema`: per column the logical
 * type, the presence (null count and fraction), the numeric range, and for a string column
 * with at most `maxDomainSize` distinct values its domain. A column with more distinct
 * strings (an identifier, free text) gets no domain; an empty or all-null column gets
 * neither range nor domain. The result is plain JSON: review it, edit it, store it, then
 * turn it into expectations with `suggestExpectations`.
 *
 * @throws InvalidArgumentError when `maxDomainSize` is not a non-negative integer.
 *
 * @example
 * ```ts
 * const schema = inferSchema(reference);
 * const suite = defineSuite(suggestExpectations(schema, { rangeMargin: 0.1 }));
 * ```
 */
export function inferSchema(table: Table, options: InferSchemaOptions = {}): InferredSchema {
  const maxDomainSize = options.maxDomainSize ?? 100;
  if (!Number.isInteger(maxDomainSize) || maxDomainSize < 0) {
    throw new InvalidArgumentError({
      argument: 'maxDomainSize',
      message: `maxDomainSize must be a non-negative integer; got ${String(maxDomainSize)}.`,
    });
  }
  const columns = summarizeTable(table).map((summary): ColumnSchema => {
    const column: ColumnSchema = {
      name: summary.name,
      valueType: summary.valueType,
      presence: {
        nullCount: summary.nullCount,
        nullFraction: summary.rowCount === 0 ? 0 : summary.nullCount / summary.rowCount,
      },
    };
    const range = rangeOf(summary.numbers);
    if (range !== null) column.range = { ...range, nanCount: summary.nanCount };
    const strings = summary.distinctStrings;
    if (strings.length > 0 && strings.length <= maxDomainSize) {
      column.domain = [...strings].sort();
    }
    return column;
  });
  return { rowCount: table.numRows, columns };
}
