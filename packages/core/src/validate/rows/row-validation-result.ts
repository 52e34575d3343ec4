import type { FailureCaseValue } from '../results';

/**
 * What a row failure row names as its check: a zod issue code (`invalid_type`, `too_small`,
 * `unrecognized_keys`…) for a row that reached the schema, or one of the input findings:
 * `malformed_json` (a JSON Lines line that is not JSON), `not_an_object` (a JSON value or
 * iterable item that is not an object), `ragged_row` (a CSV record with more or fewer fields
 * than the header), `invalid_utf8` (a line or record holding bytes that are not UTF-8),
 * `truncated` (the last line or record cut short: invalid JSON or too few fields with no
 * line end after it, or a quote left open at the end of a CSV), `malformed_csv` (a quoting
 * error inside a CSV).
 */
export type RowCheck =
  | 'malformed_json'
  | 'not_an_object'
  | 'ragged_row'
  | 'invalid_utf8'
  | 'truncated'
  | 'malformed_csv'
  | (string & {});

/**
 * One row of the failure table of {@link validateRows}: the shape of the suite's
 * `FailureCase`, with the check named by a {@link RowCheck} and the source line added.
 */
export interface RowFailureCase {
  /** The first key of the zod issue's path; null for findings about the whole row or line. */
  column: string | null;
  /** The zod issue code or input finding. */
  check: RowCheck;
  /** Position of `column` among the schema's keys, 0-based; null when `column` is not a key of the schema or is null. */
  checkIndex: number | null;
  /**
   * The offending value (null for a missing one; objects as JSON text), the zod message for
   * issues about the whole row, or for input findings `line N: what is wrong` with the
   * 1-based line number.
   */
  failureCase: FailureCaseValue;
  /** 0-based position of the row among the input's rows (non-blank lines, CSV data records). */
  rowIndex: number;
  /** 1-based line where the row starts in a text input; null for iterables. */
  line: number | null;
}

/** Options of {@link validateRows}, {@link validateJsonLines} and {@link validateCsv}. */
export interface ValidateRowsOptions {
  /** Failure rows kept in `failureCases`; counts stay exact. Default: every one. */
  maxFailureCases?: number;
  /** Whether `validRows` holds the parsed valid rows; false saves memory on large inputs. Default: `true`. */
  keepValidRows?: boolean;
}

/** Everything row validation found. */
export interface RowValidationResult<Row = Record<string, unknown>> {
  /** True when every row was read and met the schema. */
  success: boolean;
  /** Rows seen, valid or not (blank lines and a CSV header are not rows). */
  rowCount: number;
  /** Rows that were read and met the schema. */
  validRowCount: number;
  /** Failure rows found, in input order, including those left out of `failureCases`. */
  failureCount: number;
  /** Whether `failureCases` holds fewer rows than `failureCount`. */
  failureCasesTruncated: boolean;
  /** The failure table, at most `maxFailureCases` rows. */
  failureCases: RowFailureCase[];
  /** The schema's output for each valid row, in input order; absent with `keepValidRows: false`. */
  validRows?: Row[];
}
