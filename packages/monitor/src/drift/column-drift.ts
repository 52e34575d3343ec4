import { InvalidArgumentError } from '@dagnostics/core';
import { cleanColumn, countUnique, isNumericValues } from './clean-column';
import { driftTestRegistry } from './registry';
import type { ColumnType, ColumnValues, DriftTest, DriftTestResult } from './types';

/** Options of {@link detectColumnDrift}. */
export interface ColumnDriftOptions {
  /**
   * `num` or `cat`. Default: `num` for typed arrays and arrays of numbers, `cat` otherwise
   * (Evidently reads it from the column mapping; pass `cat` for numeric codes).
   */
  columnType?: ColumnType;
  /**
   * The drift test, by Evidently's registry name (`ks`, `psi`, ...) or as an object.
   * Default: Evidently's automatic choice ({@link chooseDriftTest}).
   */
  method?: string | DriftTest;
  /** Threshold of the test. Default: the test's own default (0.05 for `ks`, 0.1 for `psi`, ...). */
  threshold?: number;
}

/** The drift verdict of one column. */
export interface ColumnDriftResult extends DriftTestResult {
  column: string;
  columnType: ColumnType;
  /** The test's readable name, e.g. `K-S p_value`. */
  displayName: string;
  /** Values compared once missing and infinite values were dropped. */
  referenceSize: number;
  currentSize: number;
  /** Distinct values over both samples, counted up to 1000 (`1001` means more). */
  uniqueValues: number;
}

/**
 * Evidently 0.7's default test for a column (`_get_default_stattest`), from the cleaned
 * samples: with at most 1000 reference values, `ks` for numerical columns with more than 5
 * distinct values (over both samples), `chisquare` with 3 to 5 (or categorical with more
 * than 2), `z` with at most 2; with more than 1000 reference values, `wasserstein` for
 * numerical columns with more than 5 distinct values and `jensenshannon` otherwise.
 */
export function chooseDriftTest(
  reference: ColumnValues,
  current: ColumnValues,
  columnType: ColumnType,
): DriftTest {
  if (columnType === 'text') {
    throw new InvalidArgumentError({
      argument: 'columnType',
      message:
        "Text columns need a domain classifier (Evidently's text_content_drift), which @dagnostics/monitor does not provide; embed the text and test the embedding's columns, or treat short texts as 'cat'",
    });
  }
  const unique = countUnique(reference, current, 5);
  let name: string;
  if (reference.length <= 1000) {
    if (columnType === 'num' && unique > 5) name = 'ks';
    else name = unique > 2 ? 'chisquare' : 'z';
  } else {
    name = columnType === 'num' && unique > 5 ? 'wasserstein' : 'jensenshannon';
  }
  return getDriftTest(name);
}

/** A registered drift test by Evidently's name; the error lists the names there are. */
export function getDriftTest(name: string): DriftTest {
  const test = driftTestRegistry.get(name);
  if (test === undefined) {
    throw new InvalidArgumentError({
      argument: 'method',
      message: `Unknown drift test ${JSON.stringify(name)}; use one of ${[...driftTestRegistry.keys()].join(', ')}`,
    });
  }
  return test;
}

/**
 * Tests one column for drift between a reference and a current sample, as Evidently's
 * `ValueDrift` does: missing and infinite values dropped, the test chosen automatically
 * unless given, the test's own threshold and comparison rule.
 *
 * @throws EmptyInputError when a sample has no values left (naming the column and dataset).
 * @throws InvalidArgumentError for an unknown test, a test that does not accept the column
 * type, or a threshold that is not a finite number.
 *
 * @example
 * ```ts
 * const result = detectColumnDrift('duration_s', reference, current);
 * // { column: 'duration_s', method: 'ks', score: 0.003, threshold: 0.05, drift: true, ... }
 * ```
 */
export function detectColumnDrift(
  column: string,
  reference: ColumnValues,
  current: ColumnValues,
  options: ColumnDriftOptions = {},
): ColumnDriftResult {
  const columnType =
    options.columnType ?? (isNumericValues(reference) && isNumericValues(current) ? 'num' : 'cat');
  const cleanReference = cleanColumn(reference, columnType, { column, dataset: 'reference' });
  const cleanCurrent = cleanColumn(current, columnType, { column, dataset: 'current' });
  const test =
    options.method === undefined
      ? chooseDriftTest(cleanReference, cleanCurrent, columnType)
      : typeof options.method === 'string'
        ? getDriftTest(options.method)
        : options.method;
  // Evidently's automatic choice runs `chisquare` and `z` on low-cardinality numerical
  // columns although they are registered for categorical ones; only a test given by the
  // caller is held to its registered types.
  if (options.method !== undefined && !test.columnTypes.includes(columnType)) {
    throw new InvalidArgumentError({
      argument: 'method',
      message: `Drift test ${test.name} does not accept ${columnType} columns (column ${JSON.stringify(column)}); it takes ${test.columnTypes.join(', ')}. Pick another test or let the monitor choose one`,
    });
  }
  if (options.threshold !== undefined && !Number.isFinite(options.threshold)) {
    throw new InvalidArgumentError({
      argument: 'threshold',
      message: `The threshold for column ${JSON.stringify(column)} is ${options.threshold}; give a finite number`,
    });
  }
  const result = test.evaluate(cleanReference, cleanCurrent, {
    columnType,
    ...(options.threshold === undefined ? {} : { threshold: options.threshold }),
  });
  return {
    ...result,
    column,
    columnType,
    displayName: test.displayName,
    referenceSize: cleanReference.length,
    currentSize: cleanCurrent.length,
    uniqueValues: countUnique(cleanReference, cleanCurrent, 1000),
  };
}
