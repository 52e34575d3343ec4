import { assertNotEmpty, assertNumericArray, type NumericArray } from '../input';
import { pairwiseSum } from './pairwise-sum';

/**
 * Arithmetic mean, summed pairwise in numpy's order so that it matches `numpy.mean` to the
 * last bit or so (error O(ε log n), not O(ε n)).
 *
 * @param values - The data; plain arrays and any non-BigInt typed array are accepted.
 * @returns The mean. `NaN` if any value is `NaN` (as numpy); ±∞ or `NaN` when infinities
 * are present, as in IEEE arithmetic.
 * @throws EmptyInputError when `values` is empty (numpy would return `NaN` with a warning).
 */
export function mean(values: NumericArray): number {
  assertNumericArray(values, 'values');
  assertNotEmpty(values, 'values', 'mean');
  return pairwiseSum(values, 0, values.length) / values.length;
}
