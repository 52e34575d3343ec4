import { InvalidArgumentError } from '../../errors';
import {
  expectColumnValuesToBeBetween,
  expectColumnValuesToBeInSet,
  expectColumnValuesToBeOfType,
  expectColumnValuesToNotBeNull,
  expectTableColumnsToExist,
  expectTableRowCountToBeBetween,
} from '../builders';
import type { Expectation } from '../expectations';
import type { ColumnSchema, InferredSchema } from './infer-schema';

/** Options of {@link suggestExpectations}. */
export interface SuggestExpectationsOptions {
  /**
   * Widening of each numeric range on both sides, as a fraction of its width (max − min):
   * 0.1 turns [10, 20] into [9, 21]. Integer bounds are rounded outwards. Default 0 (the
   * reference's exact range).
   */
  rangeMargin?: number;
  /**
   * Accepted change of the row count, as a fraction of the reference's: 0.5 accepts
   * ⌊0.5·n⌋ to ⌈1.5·n⌉ rows. Default 0.5. `null` leaves the row count unchecked.
   */
  rowCountMargin?: number | null;
  /**
   * z-value of the Wald interval whose lower bound becomes the `mostly` of a partly
   * complete column (deequ's RetainCompletenessRule uses 95 %, 1.96). Default 1.96.
   */
  completenessZ?: number;
}

/**
 * Turns an inferred (and possibly edited) schema into expectations of this engine, one
 * rule at a time, after deequ's constraint suggestion rules:
 *
 * 1. **Columns** — every column of the schema exists (`expect_table_columns_to_exist`).
 * 2. **Row count** (deequ's size, widened) — between ⌊n·(1 − m)⌋ and ⌈n·(1 + m)⌉, with
 *    m = `rowCountMargin`; skipped when it is null.
 * 3. **Type** (RetainTypeRule) — `expect_column_values_to_be_of_type` with the inferred
 *    logical type; skipped when the type is outside the engine's types.
 * 4. **Complete if complete** (CompleteIfCompleteRule) — no null in a non-empty reference →
 *    not-null on every row.
 * 5. **Retain completeness** (RetainCompletenessRule) — completeness c with 0.2 < c < 1 →
 *    not-null with `mostly` = the lower end of the Wald interval, c − z·√(c(1 − c)/n),
 *    so that a sample as complete as the reference passes. Columns at most 20 % complete
 *    get no completeness check.
 * 6. **Categorical range** (CategoricalRangeRule, with TFDV's domain size) — a string
 *    column with a domain → `expect_column_values_to_be_in_set` over that domain.
 * 7. **Numeric range** (HasMin/HasMax, widened) — `expect_column_values_to_be_between`
 *    over the range widened by `rangeMargin`; when the reference holds NaN, `mostly` is
 *    its share of non-NaN values.
 * 8. **Non-negative** (NonNegativeNumbersRule) — a range starting at 0 or above is never
 *    widened below 0.
 *
 * @throws InvalidArgumentError for a negative margin or z-value.
 *
 * @example
 * ```ts
 * const suite = defineSuite(suggestExpectations(inferSchema(reference), { rangeMargin: 0.1 }));
 * const result = validate(today, suite);
 * ```
 */
export function suggestExpectations(
  schema: InferredSchema,
  options: SuggestExpectationsOptions = {},
): Expectation[] {
  const rangeMargin = options.rangeMargin ?? 0;
  const rowCountMargin = options.rowCountMargin === undefined ? 0.5 : options.rowCountMargin;
  const completenessZ = options.completenessZ ?? 1.96;
  assertNonNegative('rangeMargin', rangeMargin);
  assertNonNegative('completenessZ', completenessZ);
  if (rowCountMargin !== null) assertNonNegative('rowCountMargin', rowCountMargin);

  const expectations: Expectation[] = [
    expectTableColumnsToExist(schema.columns.map((column) => column.name)),
  ];
  if (rowCountMargin !== null) {
    expectations.push(
      expectTableRowCountToBeBetween({
        min: Math.max(0, Math.floor(schema.rowCount * (1 - rowCountMargin))),
        max: Math.ceil(schema.rowCount * (1 + rowCountMargin)),
      }),
    );
  }
  for (const column of schema.columns) {
    expectations.push(...suggestForColumn(column, schema.rowCount, rangeMargin, completenessZ));
  }
  return expectations;
}

function suggestForColumn(
  column: ColumnSchema,
  rowCount: number,
  rangeMargin: number,
  completenessZ: number,
): Expectation[] {
  const suggestions: Expectation[] = [];
  if (column.valueType !== null) {
    suggestions.push(expectColumnValuesToBeOfType(column.name, column.valueType));
  }
  if (rowCount > 0) {
    const completeness = 1 - column.presence.nullFraction;
    if (column.presence.nullCount === 0) {
      suggestions.push(expectColumnValuesToNotBeNull(column.name));
    } else if (completeness > 0.2 && completeness < 1) {
      const halfWidth = completenessZ * Math.sqrt((completeness * (1 - completeness)) / rowCount);
      const mostly = Math.max(0, completeness - halfWidth);
      suggestions.push(expectColumnValuesToNotBeNull(column.name, { mostly }));
    }
  }
  if (column.domain !== undefined && column.domain.length > 0) {
    suggestions.push(expectColumnValuesToBeInSet(column.name, column.domain));
  }
  if (column.range !== undefined) {
    suggestions.push(
      expectColumnValuesToBeBetween(column.name, widenRange(column, rowCount, rangeMargin)),
    );
  }
  return suggestions;
}

function widenRange(
  column: ColumnSchema,
  rowCount: number,
  rangeMargin: number,
): { min: number; max: number; mostly?: number } {
  const range = column.range as NonNullable<ColumnSchema['range']>;
  const width = range.max - range.min;
  let min = range.min - rangeMargin * width;
  let max = range.max + rangeMargin * width;
  if (column.valueType === 'integer') {
    min = Math.floor(min);
    max = Math.ceil(max);
  }
  if (range.min >= 0) min = Math.max(0, min);
  if (range.nanCount === 0) return { min, max };
  // The engine's own arithmetic, so that the reference passes exactly at the boundary.
  const nonNull = rowCount - column.presence.nullCount;
  return { min, max, mostly: (nonNull - range.nanCount) / nonNull };
}

function assertNonNegative(argument: string, value: number): void {
  if (!(Number.isFinite(value) && value >= 0)) {
    throw new InvalidArgumentError({
      argument,
      message: `${argument} must be a finite number ≥ 0; got ${String(value)}.`,
    });
  }
}
