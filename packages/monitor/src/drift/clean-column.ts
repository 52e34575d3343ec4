import { EmptyInputError, InvalidArgumentError } from '@dagnostics/core';
import type { CategoricalValue, ColumnType, ColumnValues } from './types';

/** True for a typed array or an array holding only numbers (or missing values). */
export function isNumericValues(values: ColumnValues): boolean {
  if (ArrayBuffer.isView(values)) return true;
  let sawNumber = false;
  for (const value of values as readonly CategoricalValue[]) {
    if (value === null || value === undefined) continue;
    if (typeof value !== 'number') return false;
    sawNumber = true;
  }
  return sawNumber;
}

/**
 * Evidently's pre-processing of one column (`get_one_column_drift`): infinities become
 * missing, missing values are dropped. Numerical columns become a `Float64Array`;
 * categorical ones keep their values, with NaN, `null` and `undefined` dropped.
 *
 * @throws EmptyInputError naming the column and the dataset when nothing is left.
 * @throws InvalidArgumentError when a numerical column holds a non-number.
 */
export function cleanColumn(
  values: ColumnValues,
  columnType: ColumnType,
  where: { column: string; dataset: 'reference' | 'current' },
): ColumnValues {
  let cleaned: ColumnValues;
  if (columnType === 'num') {
    const out = new Float64Array(values.length);
    let size = 0;
    for (let index = 0; index < values.length; index++) {
      const value = (values as ArrayLike<unknown>)[index];
      if (value === null || value === undefined) continue;
      if (typeof value !== 'number') {
        throw new InvalidArgumentError({
          argument: where.dataset,
          message: `Column ${JSON.stringify(where.column)} is numerical but the ${where.dataset} data holds ${JSON.stringify(value)} at row ${index}; pass numbers only, or give the column the type 'cat' in columnTypes`,
        });
      }
      if (Number.isFinite(value)) out[size++] = value;
    }
    cleaned = out.subarray(0, size);
  } else {
    cleaned = (Array.from(values as ArrayLike<CategoricalValue>) as CategoricalValue[]).filter(
      (value) =>
        value !== null &&
        value !== undefined &&
        !(typeof value === 'number' && !Number.isFinite(value)),
    );
  }
  if (cleaned.length === 0) {
    throw new EmptyInputError({
      argument: where.dataset,
      message: `Column ${JSON.stringify(where.column)} has no values in the ${where.dataset} data once missing and infinite values are dropped; drift cannot be measured on it (leave the column out, or fix the ${where.dataset} data)`,
    });
  }
  return cleaned;
}

/**
 * Count of distinct values over both samples (pandas `nunique` of the concatenation);
 * stops counting once it exceeds `stopAbove`, which is all a threshold test needs.
 */
export function countUnique(
  reference: ColumnValues,
  current: ColumnValues,
  stopAbove = Number.POSITIVE_INFINITY,
): number {
  const seen = new Set<unknown>();
  for (const values of [reference, current]) {
    for (let index = 0; index < values.length; index++) {
      seen.add(normaliseKey((values as ArrayLike<unknown>)[index]));
      if (seen.size > stopAbove) return seen.size;
    }
  }
  return seen.size;
}

/** Makes -0 and 0 one key, as pandas does. */
function normaliseKey(value: unknown): unknown {
  return value === 0 ? 0 : value;
}
