import { EmptyInputError, InvalidArgumentError } from '@dagnostics/core';
import type { NumericArray } from '@dagnostics/core/stats';

function assertNumericInput(values: unknown, argument: string): asserts values is NumericArray {
  const isNumericView =
    ArrayBuffer.isView(values) &&
    !(values instanceof DataView) &&
    !(values instanceof BigInt64Array) &&
    !(values instanceof BigUint64Array);
  if (!Array.isArray(values) && !isNumericView) {
    throw new InvalidArgumentError({
      message: `\`${argument}\` must be an array of numbers or a numeric typed array (Float64Array, Int32Array, ...).`,
      argument,
    });
  }
}

function notANumber(argument: string, index: number, value: unknown): InvalidArgumentError {
  return new InvalidArgumentError({
    message: `\`${argument}\` must contain only numbers; element ${index} is ${typeof value}. Use a categorical drift test for non-numeric columns.`,
    argument,
  });
}

function noFiniteValue(argument: string, test: string): EmptyInputError {
  return new EmptyInputError({
    message: `Cannot run ${test} on an empty \`${argument}\`: it has no finite values after dropping NaN and ±Infinity. Pass at least one finite number.`,
    argument,
  });
}

/**
 * The finite values of `values` (NaN and ±Infinity dropped, as Evidently's
 * `replace([-inf, inf], NaN).dropna()` does), copied into a new Float64Array in their
 * original order, so that order-dependent sums round as numpy's do on the cleaned column.
 *
 * @throws InvalidArgumentError when `values` is not numeric; EmptyInputError naming
 * `argument` when no finite value is left.
 */
export function finiteValues(values: NumericArray, argument: string, test: string): Float64Array {
  assertNumericInput(values, argument);
  const length = values.length;
  const out = new Float64Array(length);
  let kept = 0;
  for (let index = 0; index < length; index++) {
    const value = values[index];
    if (typeof value !== 'number') throw notANumber(argument, index, value);
    if (value - value === 0) out[kept++] = value;
  }
  if (kept === 0) throw noFiniteValue(argument, test);
  return kept === length ? out : out.slice(0, kept);
}

/**
 * The indices of the finite values of `values`, in order; the same checks and errors as
 * {@link finiteValues}. For inputs that travel with per-value weights.
 */
export function finiteIndices(values: NumericArray, argument: string, test: string): Uint32Array {
  assertNumericInput(values, argument);
  const indices = new Uint32Array(values.length);
  let kept = 0;
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (typeof value !== 'number') throw notANumber(argument, index, value);
    if (value - value === 0) indices[kept++] = index;
  }
  if (kept === 0) throw noFiniteValue(argument, test);
  return indices.slice(0, kept);
}

/** {@link finiteValues}, sorted ascending (a fresh array; the input is never modified). */
export function sortedFiniteValues(
  values: NumericArray,
  argument: string,
  test: string,
): Float64Array {
  return finiteValues(values, argument, test).sort();
}
