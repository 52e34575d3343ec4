import type { QuantileMethod } from '../stats';

/**
 * Tolerance of a row-level expectation, as Great Expectations' `mostly`: the check passes
 * when (non-null rows − unexpected rows) / non-null rows ≥ `mostly`. Nulls are left out of
 * the denominator (except by {@link NotNullExpectation}, which counts every row), and a
 * column without a non-null value passes vacuously. Default 1 (every value must pass).
 */
export interface Mostly {
  /** Fraction in [0, 1] of non-null values that must pass. Default 1. */
  mostly?: number;
}

/** Inclusive bounds, either of which may be left out (unbounded on that side). */
export interface Bounds {
  /** Lower bound; none when absent or `null`. */
  min?: number | null;
  /** Upper bound; none when absent or `null`. */
  max?: number | null;
}

/** Bounds that can be made exclusive, as GE's `strict_min` / `strict_max`. */
export interface StrictBounds extends Bounds {
  /** When true the value must be strictly greater than `min`. Default false. */
  strictMin?: boolean;
  /** When true the value must be strictly less than `max`. Default false. */
  strictMax?: boolean;
}

/**
 * Logical value types of {@link OfTypeExpectation}, mapped from Arrow types:
 * `integer` (Int8 to Uint64), `float` (Float16 to Float64), `number` (either of those or
 * Decimal), `boolean` (Bool), `string` (Utf8, LargeUtf8 and dictionaries of them),
 * `timestamp`, `date` and `null` (the Null type).
 */
export type ValueType =
  | 'integer'
  | 'float'
  | 'number'
  | 'boolean'
  | 'string'
  | 'timestamp'
  | 'date'
  | 'null';

/**
 * Every value is non-null (GE `expect_column_values_to_not_be_null`). `mostly` counts all rows;
 * an empty table passes and an all-null column fails on every row.
 */
export interface NotNullExpectation extends Mostly {
  type: 'expect_column_values_to_not_be_null';
  column: string;
}

/**
 * The column's Arrow type is of a logical type (GE `expect_column_values_to_be_of_type`): a
 * schema check, not a row check, so an empty or all-null column is judged by its declared type.
 */
export interface OfTypeExpectation {
  type: 'expect_column_values_to_be_of_type';
  column: string;
  /** The logical type expected. */
  valueType: ValueType;
}

/** Every non-null number lies within bounds (GE `expect_column_values_to_be_between`). */
export interface BetweenExpectation extends Mostly, StrictBounds {
  type: 'expect_column_values_to_be_between';
  column: string;
}

/** Every non-null value is one of `valueSet` (GE `expect_column_values_to_be_in_set`). */
export interface InSetExpectation extends Mostly {
  type: 'expect_column_values_to_be_in_set';
  column: string;
  /** The allowed values; booleans match a Bool column, numbers a numeric one, strings a string one. */
  valueSet: (string | number | boolean)[];
}

/** No non-null value occurs twice (GE `expect_column_values_to_be_unique`); every occurrence of a repeated value is unexpected. */
export interface UniqueExpectation extends Mostly {
  type: 'expect_column_values_to_be_unique';
  column: string;
}

/** Every non-null string contains a match of `regex` (GE `expect_column_values_to_match_regex`, which searches rather than anchoring). */
export interface MatchRegexExpectation extends Mostly {
  type: 'expect_column_values_to_match_regex';
  column: string;
  /** A JavaScript regular expression source; anchor it with `^…$` for a full match. */
  regex: string;
  /** RegExp flags other than `g` and `y` (`i`, `m`, `s`, `u`, `v`). Default none. */
  flags?: string;
}

/** Every non-null string has a length, in Unicode code points, within bounds (GE `expect_column_value_lengths_to_be_between`). */
export interface LengthBetweenExpectation extends Mostly, Bounds {
  type: 'expect_column_value_lengths_to_be_between';
  column: string;
}

/**
 * Every non-null value is at least (or, with `strictly`, greater than) the previous non-null
 * value (GE `expect_column_values_to_be_increasing`); the first non-null value passes.
 */
export interface IncreasingExpectation extends Mostly {
  type: 'expect_column_values_to_be_increasing';
  column: string;
  /** Require each value to be strictly greater than the previous one. Default false. */
  strictly?: boolean;
}

/**
 * The mean of the non-null values lies within bounds (GE `expect_column_mean_to_be_between`).
 * Without a non-null value the mean is observed as null and the check fails, as in GE.
 */
export interface MeanBetweenExpectation extends StrictBounds {
  type: 'expect_column_mean_to_be_between';
  column: string;
}

/**
 * The sample standard deviation (n − 1, as GE's pandas engine) of the non-null values lies
 * within bounds (GE `expect_column_stdev_to_be_between`). With fewer than two non-null values
 * it is observed as null and the check fails.
 */
export interface StandardDeviationBetweenExpectation extends StrictBounds {
  type: 'expect_column_stdev_to_be_between';
  column: string;
}

/**
 * The `quantile`-th quantile of the non-null values lies within bounds (one entry of GE
 * `expect_column_quantile_values_to_be_between`, which takes several). Without a non-null
 * value it is observed as null and the check fails.
 */
export interface QuantileBetweenExpectation extends StrictBounds {
  type: 'expect_column_quantile_values_to_be_between';
  column: string;
  /** Probability in [0, 1]. */
  quantile: number;
  /** numpy's estimation method. Default `'linear'`. */
  method?: QuantileMethod;
}

/**
 * The number of distinct non-null values lies within bounds (GE
 * `expect_column_unique_value_count_to_be_between`); an empty or all-null column counts 0.
 */
export interface DistinctCountBetweenExpectation extends StrictBounds {
  type: 'expect_column_unique_value_count_to_be_between';
  column: string;
}

/** The number of rows lies within inclusive bounds (GE `expect_table_row_count_to_be_between`). */
export interface RowCountBetweenExpectation extends Bounds {
  type: 'expect_table_row_count_to_be_between';
}

/** Each of `columns` exists (GE `expect_column_to_exist`, for several columns at once). */
export interface ColumnsExistExpectation {
  type: 'expect_table_columns_to_exist';
  /** Names that must be in the table. */
  columns: string[];
}

/** The table's columns are exactly `columns`, in that order (GE `expect_table_columns_to_match_ordered_list`). */
export interface ColumnsMatchOrderedListExpectation {
  type: 'expect_table_columns_to_match_ordered_list';
  /** The expected names in order. */
  columns: string[];
}

/**
 * The table's columns are the set `columns`, in any order (GE `expect_table_columns_to_match_set`).
 * With `exactMatch` false, extra columns are allowed and only missing ones fail.
 */
export interface ColumnsMatchSetExpectation {
  type: 'expect_table_columns_to_match_set';
  /** The expected names. */
  columns: string[];
  /** Whether columns outside `columns` fail too. Default true. */
  exactMatch?: boolean;
}

/**
 * No combination of values of `columns` occurs twice (GE `expect_compound_columns_to_be_unique`).
 * Rows where every one of the columns is null are skipped (GE's default
 * `ignore_row_if='all_values_are_missing'`); a null inside a combination is a value like
 * any other. Every occurrence of a repeated combination is unexpected.
 */
export interface CompoundUniqueExpectation extends Mostly {
  type: 'expect_compound_columns_to_be_unique';
  /** One or more column names. */
  columns: string[];
}

/** Row-level expectations on one column, which take `mostly` and report failing rows. */
export type ColumnMapExpectation =
  | NotNullExpectation
  | BetweenExpectation
  | InSetExpectation
  | UniqueExpectation
  | MatchRegexExpectation
  | LengthBetweenExpectation
  | IncreasingExpectation;

/** Expectations on one statistic of one column, reported with an observed value. */
export type ColumnAggregateExpectation =
  | OfTypeExpectation
  | MeanBetweenExpectation
  | StandardDeviationBetweenExpectation
  | QuantileBetweenExpectation
  | DistinctCountBetweenExpectation;

/** Expectations on the table as a whole. */
export type TableExpectation =
  | RowCountBetweenExpectation
  | ColumnsExistExpectation
  | ColumnsMatchOrderedListExpectation
  | ColumnsMatchSetExpectation
  | CompoundUniqueExpectation;

/** Any expectation: a plain JSON object whose `type` is Great Expectations' snake_case name. */
export type Expectation = ColumnMapExpectation | ColumnAggregateExpectation | TableExpectation;

/** The `type` names of every expectation. */
export type ExpectationType = Expectation['type'];
