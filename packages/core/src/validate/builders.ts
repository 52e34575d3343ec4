import type { QuantileMethod } from '../stats';
import type {
  BetweenExpectation,
  Bounds,
  ColumnsExistExpectation,
  ColumnsMatchOrderedListExpectation,
  ColumnsMatchSetExpectation,
  CompoundUniqueExpectation,
  DistinctCountBetweenExpectation,
  IncreasingExpectation,
  InSetExpectation,
  LengthBetweenExpectation,
  MatchRegexExpectation,
  MeanBetweenExpectation,
  Mostly,
  NotNullExpectation,
  OfTypeExpectation,
  QuantileBetweenExpectation,
  RowCountBetweenExpectation,
  StandardDeviationBetweenExpectation,
  StrictBounds,
  UniqueExpectation,
  ValueType,
} from './expectations';

// The builders only shape plain objects; `defineSuite` checks the arguments, so that a
// suite read from JSON and one written in code go through the same checks.

/** Every value of `column` is non-null; `mostly` counts null rows in its denominator. */
export function expectColumnValuesToNotBeNull(
  column: string,
  options: Mostly = {},
): NotNullExpectation {
  return { type: 'expect_column_values_to_not_be_null', column, ...options };
}

/** The Arrow type of `column` is of the logical type `valueType`. */
export function expectColumnValuesToBeOfType(
  column: string,
  valueType: ValueType,
): OfTypeExpectation {
  return { type: 'expect_column_values_to_be_of_type', column, valueType };
}

/** Every non-null number of `column` lies within `min`/`max` (inclusive unless strict). */
export function expectColumnValuesToBeBetween(
  column: string,
  options: StrictBounds & Mostly,
): BetweenExpectation {
  return { type: 'expect_column_values_to_be_between', column, ...options };
}

/** Every non-null value of `column` is one of `valueSet`. */
export function expectColumnValuesToBeInSet(
  column: string,
  valueSet: (string | number | boolean)[],
  options: Mostly = {},
): InSetExpectation {
  return { type: 'expect_column_values_to_be_in_set', column, valueSet: [...valueSet], ...options };
}

/** No non-null value of `column` occurs more than once. */
export function expectColumnValuesToBeUnique(
  column: string,
  options: Mostly = {},
): UniqueExpectation {
  return { type: 'expect_column_values_to_be_unique', column, ...options };
}

/** Every non-null string of `column` contains a match of `regex` (a RegExp or its source). */
export function expectColumnValuesToMatchRegex(
  column: string,
  regex: RegExp | string,
  options: Mostly = {},
): MatchRegexExpectation {
  const source = typeof regex === 'string' ? regex : regex.source;
  const flags = typeof regex === 'string' ? undefined : regex.flags;
  return {
    type: 'expect_column_values_to_match_regex',
    column,
    regex: source,
    ...(flags ? { flags } : {}),
    ...options,
  };
}

/** Every non-null string of `column` has between `min` and `max` code points (inclusive). */
export function expectColumnValueLengthsToBeBetween(
  column: string,
  options: Bounds & Mostly,
): LengthBetweenExpectation {
  return { type: 'expect_column_value_lengths_to_be_between', column, ...options };
}

/** The non-null values of `column` never decrease (with `strictly`, always increase). */
export function expectColumnValuesToBeIncreasing(
  column: string,
  options: { strictly?: boolean } & Mostly = {},
): IncreasingExpectation {
  return { type: 'expect_column_values_to_be_increasing', column, ...options };
}

/** The mean of the non-null values of `column` lies within bounds. */
export function expectColumnMeanToBeBetween(
  column: string,
  options: StrictBounds,
): MeanBetweenExpectation {
  return { type: 'expect_column_mean_to_be_between', column, ...options };
}

/** The sample standard deviation (n − 1) of the non-null values of `column` lies within bounds. */
export function expectColumnStdevToBeBetween(
  column: string,
  options: StrictBounds,
): StandardDeviationBetweenExpectation {
  return { type: 'expect_column_stdev_to_be_between', column, ...options };
}

/** The `quantile`-th quantile (numpy `method`, default `'linear'`) of the non-null values lies within bounds. */
export function expectColumnQuantileToBeBetween(
  column: string,
  quantile: number,
  options: StrictBounds & { method?: QuantileMethod },
): QuantileBetweenExpectation {
  return { type: 'expect_column_quantile_values_to_be_between', column, quantile, ...options };
}

/** The number of distinct non-null values of `column` lies within bounds. */
export function expectColumnDistinctCountToBeBetween(
  column: string,
  options: StrictBounds,
): DistinctCountBetweenExpectation {
  return { type: 'expect_column_unique_value_count_to_be_between', column, ...options };
}

/** The table has between `min` and `max` rows (inclusive). */
export function expectTableRowCountToBeBetween(options: Bounds): RowCountBetweenExpectation {
  return { type: 'expect_table_row_count_to_be_between', ...options };
}

/** Every name of `columns` is a column of the table. */
export function expectTableColumnsToExist(columns: string[]): ColumnsExistExpectation {
  return { type: 'expect_table_columns_to_exist', columns: [...columns] };
}

/** The table's columns are exactly `columns`, in order. */
export function expectTableColumnsToMatchOrderedList(
  columns: string[],
): ColumnsMatchOrderedListExpectation {
  return { type: 'expect_table_columns_to_match_ordered_list', columns: [...columns] };
}

/** The table's columns are the set `columns` (with `exactMatch: false`, a superset of it). */
export function expectTableColumnsToMatchSet(
  columns: string[],
  options: { exactMatch?: boolean } = {},
): ColumnsMatchSetExpectation {
  return { type: 'expect_table_columns_to_match_set', columns: [...columns], ...options };
}

/** No combination of values of `columns` occurs twice. */
export function expectCompoundColumnsToBeUnique(
  columns: string[],
  options: Mostly = {},
): CompoundUniqueExpectation {
  return { type: 'expect_compound_columns_to_be_unique', columns: [...columns], ...options };
}
