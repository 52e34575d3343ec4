/**
 * Data validation over Apache Arrow tables: Great Expectations' expectations (with `mostly`
 * and its result statistics), evaluated column-wise on typed arrays, and pandera's lazy
 * validation into one tidy failure table. Suites are plain JSON.
 *
 * @example
 * ```ts
 * import {
 *   defineSuite,
 *   expectColumnValuesToBeBetween,
 *   expectColumnValuesToNotBeNull,
 *   validate,
 * } from '@dagnostics/core/validate';
 *
 * const suite = defineSuite([
 *   expectColumnValuesToNotBeNull('id'),
 *   expectColumnValuesToBeBetween('age', { min: 0, max: 130, mostly: 0.99 }),
 * ]);
 * const result = validate(table, suite);
 * if (!result.success) console.table(result.failureCases);
 * ```
 */
export {
  expectColumnDistinctCountToBeBetween,
  expectColumnMeanToBeBetween,
  expectColumnQuantileToBeBetween,
  expectColumnStdevToBeBetween,
  expectColumnValueLengthsToBeBetween,
  expectColumnValuesToBeBetween,
  expectColumnValuesToBeIncreasing,
  expectColumnValuesToBeInSet,
  expectColumnValuesToBeOfType,
  expectColumnValuesToBeUnique,
  expectColumnValuesToMatchRegex,
  expectColumnValuesToNotBeNull,
  expectCompoundColumnsToBeUnique,
  expectTableColumnsToExist,
  expectTableColumnsToMatchOrderedList,
  expectTableColumnsToMatchSet,
  expectTableRowCountToBeBetween,
} from './builders';
export type {
  BetweenExpectation,
  Bounds,
  ColumnAggregateExpectation,
  ColumnMapExpectation,
  ColumnsExistExpectation,
  ColumnsMatchOrderedListExpectation,
  ColumnsMatchSetExpectation,
  CompoundUniqueExpectation,
  DistinctCountBetweenExpectation,
  Expectation,
  ExpectationType,
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
  TableExpectation,
  UniqueExpectation,
  ValueType,
} from './expectations';
export { expectationsFromZod } from './from-zod';
export { MissingColumnError } from './missing-column-error';
export * from './profile';
export * from './report';
export type { CheckResult, FailureCase, FailureCaseValue, ValidationResult } from './results';
export * from './rows';
export { defineSuite, type ExpectationSuite, suiteFromJson, suiteToJson } from './suite';
export { type ValidateOptions, validate } from './validate';
