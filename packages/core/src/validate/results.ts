import type { Expectation, ExpectationType } from './expectations';

/** One value that failed a check, as it appears in the failure table. */
export type FailureCaseValue = string | number | boolean | null | FailureCaseValue[];

/**
 * One row of the failure table, after pandera's `failure_cases`: which column and check
 * failed, the offending value, and the 0-based row (null for aggregate and table checks).
 */
export interface FailureCase {
  /** The column concerned; the names joined by `, ` for compound uniqueness; null for the row count. */
  column: string | null;
  /** The expectation's `type`, e.g. `expect_column_values_to_be_between`. */
  check: ExpectationType;
  /** Position of the expectation in the suite (pandera's `check_number`), 0-based. */
  checkIndex: number;
  /**
   * The failing value: a cell (null for a null cell), the observed statistic of an aggregate
   * check, the list of cells of a repeated combination, or for schema checks the finding
   * described in {@link validate}.
   */
  failureCase: FailureCaseValue;
  /** 0-based row of the failing cell; null for aggregate and table checks. */
  rowIndex: number | null;
}

/** Statistics of one evaluated expectation, after GE's result fields. */
export interface CheckResult {
  /** The expectation as given in the suite. */
  expectation: Expectation;
  /** Position of the expectation in the suite, 0-based. */
  checkIndex: number;
  /** Whether the expectation is met (after `mostly` for row-level checks). */
  success: boolean;
  /** Rows of the table. */
  elementCount: number;
  /** Null cells of the column; 0 for table checks. For compound uniqueness, rows whose columns are all null. */
  nullCount: number;
  /** Failing rows (row-level checks) or failure-table rows (schema checks); null for statistics. */
  unexpectedCount: number | null;
  /**
   * `unexpectedCount` as a percentage (0 to 100) of the non-null rows, of all rows for the
   * not-null check; null for aggregate and table checks and when no row counts.
   */
  unexpectedPercent: number | null;
  /** The statistic measured by an aggregate or table check (null when undefined, e.g. the mean of no value); absent for row-level checks. */
  observedValue?: number | string | string[] | null;
  /** Whether the failure table holds fewer rows for this check than it has failures (`resultFormat: 'summary'`). */
  failureCasesTruncated: boolean;
}

/** Everything {@link validate} found. */
export interface ValidationResult {
  /** True when every expectation succeeded. */
  success: boolean;
  /** The suite's name, when it has one. */
  suiteName?: string | undefined;
  /** Counts over the expectations. */
  statistics: {
    evaluatedExpectations: number;
    successfulExpectations: number;
    unsuccessfulExpectations: number;
    /** 0 to 100; 100 for an empty suite. */
    successPercent: number;
  };
  /** One entry per expectation, in suite order. */
  results: CheckResult[];
  /** Every failure of every check in one tidy table (limited per check in `summary` mode). */
  failureCases: FailureCase[];
}
