import { EmptyInputError, InvalidArgumentError } from '@dagnostics/core';
import type { NumericArray } from '@dagnostics/core/stats';

/** A one-dimensional numeric input: a plain array or a non-BigInt typed array. */
export type NumericInput = readonly number[] | NumericArray;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? (value.constructor?.name ?? 'an object') : typeof value;
}

/** True for arrays and non-BigInt typed arrays. */
export function isArrayInput(values: unknown): values is ArrayLike<unknown> {
  return (
    Array.isArray(values) ||
    (ArrayBuffer.isView(values) &&
      !(values instanceof DataView) &&
      !(values instanceof BigInt64Array) &&
      !(values instanceof BigUint64Array))
  );
}

/** Throws InvalidArgumentError unless `values` is an array or a typed array. */
export function assertArrayInput(
  values: unknown,
  argument: string,
): asserts values is ArrayLike<unknown> {
  if (!isArrayInput(values)) {
    throw new InvalidArgumentError({
      message: `\`${argument}\` must be an array or a typed array; got ${describe(values)}.`,
      argument,
    });
  }
}

/** Throws EmptyInputError when `length` is 0. */
export function assertNotEmpty(length: number, argument: string, what: string): void {
  if (length === 0) {
    throw new EmptyInputError({
      message: `Cannot compute ${what} from an empty \`${argument}\`; pass at least one sample.`,
      argument,
    });
  }
}

/** Throws InvalidArgumentError when two per-sample inputs differ in length. */
export function assertSameLength(
  first: ArrayLike<unknown>,
  firstName: string,
  second: ArrayLike<unknown>,
  secondName: string,
): void {
  if (first.length !== second.length) {
    throw new InvalidArgumentError({
      message: `\`${firstName}\` and \`${secondName}\` must have one entry per sample, but have ${first.length} and ${second.length} entries; pass arrays of the same length.`,
      argument: secondName,
    });
  }
}

/**
 * A float64 copy of `values` after checking that every entry is a finite number
 * (scikit-learn's `check_array` rejects NaN and infinities the same way).
 */
export function toFiniteFloat64(values: unknown, argument: string): Float64Array {
  assertArrayInput(values, argument);
  const result = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new InvalidArgumentError({
        message: `\`${argument}\` must hold finite numbers, but entry ${i} is ${String(value)}; drop or impute missing values first.`,
        argument,
      });
    }
    result[i] = value;
  }
  return result;
}

/** Throws InvalidArgumentError unless every entry of `values` lies in [0, 1]. */
export function assertProbabilities(values: ArrayLike<number>, argument: string): void {
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    if (!(value >= 0 && value <= 1)) {
      throw new InvalidArgumentError({
        message: `\`${argument}\` must hold probabilities in [0, 1], but entry ${i} is ${value}; pass predicted probabilities (e.g. a sigmoid or softmax output), not raw scores.`,
        argument,
      });
    }
  }
}

/**
 * Rows of an n × k probability matrix as float64 rows, checking that every row has `k`
 * finite entries (k taken from the first row).
 */
export function toFiniteMatrix(rows: unknown, argument: string): Float64Array[] {
  assertArrayInput(rows, argument);
  const result: Float64Array[] = [];
  let width = -1;
  for (let i = 0; i < rows.length; i++) {
    const row = toFiniteFloat64(rows[i], `${argument}[${i}]`);
    if (width === -1) width = row.length;
    if (row.length !== width) {
      throw new InvalidArgumentError({
        message: `Every row of \`${argument}\` must have one score per class; row 0 has ${width} entries but row ${i} has ${row.length}.`,
        argument,
      });
    }
    result.push(row);
  }
  return result;
}

/** Throws InvalidArgumentError unless `value` is an integer ≥ `minimum`. */
export function assertInteger(value: unknown, argument: string, minimum: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum) {
    throw new InvalidArgumentError({
      message: `\`${argument}\` must be an integer ≥ ${minimum}; got ${String(value)}.`,
      argument,
    });
  }
  return value;
}
