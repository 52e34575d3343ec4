import type { Table, Vector } from 'apache-arrow';
import { columnNames as namesOf } from '../arrow';
import { InvalidArgumentError } from '../errors';
import { type ColumnData, readColumnData } from './column-data';
import { evaluateColumnAggregate } from './evaluate-column-aggregate';
import { evaluateColumnMap } from './evaluate-column-map';
import { evaluateCompoundUnique, evaluateTable } from './evaluate-table';
import type { Expectation } from './expectations';
import { MissingColumnError } from './missing-column-error';
import type { Outcome } from './outcome';
import type { CheckResult, FailureCase, ValidationResult } from './results';
import type { ExpectationSuite } from './suite';

/** Options of {@link validate}. */
export interface ValidateOptions {
  /**
   * `'summary'` (default, GE's SUMMARY) keeps at most `maxFailureCases` failure rows per
   * check; `'complete'` (GE's COMPLETE) keeps every one. Counts are exact either way.
   */
  resultFormat?: 'summary' | 'complete';
  /** Failure rows kept per check in `'summary'` mode. Default 20 (GE's `partial_unexpected_count`). */
  maxFailureCases?: number;
}

/**
 * Evaluates every expectation of `suite` on `table` and collects every failure of every
 * check (lazy validation, as pandera's `lazy=True`) into one failure table, with GE's
 * per-check statistics. Nothing is thrown for failing data; look at `success`.
 *
 * Columns are read once each, as typed arrays for numeric columns. Row-level checks
 * follow GE's `mostly`: nulls are left out of the denominator (except for not-null), and a
 * column without a non-null value passes. Failure rows of a row-level check are listed
 * even when `mostly` lets the check pass. For schema checks the failure rows read:
 * missing columns `{ column: name, failureCase: 'missing' }`, extra columns of an exact
 * set `'unexpected'`, ordered-list mismatches `{ column: expected name at that position
 * (null past the expected list), failureCase: found name (null past the table's) }`, a
 * wrong type `{ failureCase: Arrow type }`; aggregate checks report their observed value
 * as `failureCase`; all with `rowIndex: null`.
 *
 * Empty tables and all-null columns, as GE: every row-level check other than not-null passes
 * vacuously (`unexpectedPercent` null); not-null fails each null row; mean, quantile and
 * standard deviation are observed as null and fail; the distinct count and the row count
 * observe 0; the type check reads the declared type.
 *
 * Arrow nulls are the missing values; a NaN in a float column is a value (it fails range
 * checks), unlike pandas. 64-bit integers are compared as doubles.
 *
 * @throws MissingColumnError when an expectation names a column the table lacks (checks
 * of table columns report that as data instead); InvalidArgumentError when a check does
 * not apply to a column's type (a regex on numbers, say) or for bad options.
 *
 * @example
 * ```ts
 * const result = validate(table, suite, { resultFormat: 'complete' });
 * if (!result.success) console.table(result.failureCases);
 * ```
 */
export function validate(
  table: Table,
  suite: ExpectationSuite,
  options: ValidateOptions = {},
): ValidationResult {
  if (typeof (table as Partial<Table> | null)?.getChild !== 'function') {
    throw new InvalidArgumentError({
      argument: 'table',
      message:
        'table must be an Apache Arrow Table; build one with tableFromRows or tableFromColumns.',
    });
  }
  const resultFormat = options.resultFormat ?? 'summary';
  const maxFailureCases = options.maxFailureCases ?? 20;
  if (resultFormat !== 'summary' && resultFormat !== 'complete') {
    throw new InvalidArgumentError({
      argument: 'resultFormat',
      message: `resultFormat must be 'summary' or 'complete'; got ${JSON.stringify(resultFormat)}.`,
    });
  }
  if (!Number.isInteger(maxFailureCases) || maxFailureCases < 0) {
    throw new InvalidArgumentError({
      argument: 'maxFailureCases',
      message: `maxFailureCases must be a non-negative integer; got ${String(maxFailureCases)}.`,
    });
  }
  const names = namesOf(table);
  assertColumnsExist(suite.expectations, names);

  // A column is read once, kept while later checks need it, and dropped after its last
  // check, so that at most the columns in use are held beside the table.
  const lastUse = new Map<string, number>();
  suite.expectations.forEach((expectation, checkIndex) => {
    for (const column of referencedColumns(expectation)) lastUse.set(column, checkIndex);
  });
  const columns = new Map<string, ColumnData>();
  const columnData = (name: string): ColumnData => {
    let data = columns.get(name);
    if (data === undefined) {
      data = readColumnData(table, name);
      columns.set(name, data);
    }
    return data;
  };
  const rowCount = table.numRows;
  const limit = resultFormat === 'complete' ? Number.POSITIVE_INFINITY : maxFailureCases;
  const results: CheckResult[] = [];
  const failureCases: FailureCase[] = [];

  suite.expectations.forEach((expectation, checkIndex) => {
    const outcome = evaluate(expectation, table, names, rowCount, columnData);
    const kept = Math.min(outcome.failureCount, limit);
    for (let index = 0; index < kept; index++) {
      failureCases.push({ ...outcome.failureAt(index), check: expectation.type, checkIndex });
    }
    results.push({
      expectation,
      checkIndex,
      success: outcome.success,
      elementCount: rowCount,
      nullCount: outcome.nullCount,
      unexpectedCount: outcome.unexpectedCount,
      unexpectedPercent: outcome.unexpectedPercent,
      ...('observedValue' in outcome ? { observedValue: outcome.observedValue } : {}),
      failureCasesTruncated: kept < outcome.failureCount,
    });
    for (const column of referencedColumns(expectation)) {
      if (lastUse.get(column) === checkIndex) columns.delete(column);
    }
  });

  const successful = results.filter((result) => result.success).length;
  return {
    success: successful === results.length,
    ...(suite.name === undefined ? {} : { suiteName: suite.name }),
    statistics: {
      evaluatedExpectations: results.length,
      successfulExpectations: successful,
      unsuccessfulExpectations: results.length - successful,
      successPercent: results.length === 0 ? 100 : (100 * successful) / results.length,
    },
    results,
    failureCases,
  };
}

function evaluate(
  expectation: Expectation,
  table: Table,
  names: string[],
  rowCount: number,
  columnData: (name: string) => ColumnData,
): Outcome {
  switch (expectation.type) {
    case 'expect_table_row_count_to_be_between':
    case 'expect_table_columns_to_exist':
    case 'expect_table_columns_to_match_ordered_list':
    case 'expect_table_columns_to_match_set':
      return evaluateTable(expectation, names, rowCount);
    case 'expect_compound_columns_to_be_unique':
      return evaluateCompoundUnique(expectation, expectation.columns.map(columnData), rowCount);
    case 'expect_column_values_to_be_of_type':
    case 'expect_column_mean_to_be_between':
    case 'expect_column_stdev_to_be_between':
    case 'expect_column_quantile_values_to_be_between':
    case 'expect_column_unique_value_count_to_be_between':
      return evaluateColumnAggregate(
        expectation,
        columnData(expectation.column),
        table.getChild(expectation.column) as Vector,
      );
    default:
      return evaluateColumnMap(expectation, columnData(expectation.column), rowCount);
  }
}

/** The columns an expectation reads (none for checks of the table's column list). */
function referencedColumns(expectation: Expectation): readonly string[] {
  if ('column' in expectation) return [expectation.column];
  if (expectation.type === 'expect_compound_columns_to_be_unique') return expectation.columns;
  return [];
}

function assertColumnsExist(expectations: readonly Expectation[], names: string[]): void {
  const present = new Set(names);
  expectations.forEach((expectation, checkIndex) => {
    for (const column of referencedColumns(expectation)) {
      if (!present.has(column)) {
        throw new MissingColumnError({ column, availableColumns: names, checkIndex });
      }
    }
  });
}
