import { assertNotEmpty, assertNumericArray, type NumericArray } from '../input';
import {
  pairwiseCubedDeviationSum,
  pairwiseSquaredDeviationSum,
  pairwiseSum,
} from './pairwise-sum';

/**
 * Population (biased) skewness g₁ = m₃ / m₂^{3/2} with central moments mₖ = Σ(x − x̄)ᵏ / n.
 *
 * Matches `scipy.stats.skew(values)` (`bias=True`, the default), including its rule that
 * data with m₂ ≤ (ε·x̄)², e.g. constant data or a single value, has no defined skewness.
 *
 * @param values - The data.
 * @returns The skewness (dimensionless); `NaN` for constant data, a single value, or any
 * `NaN` in `values` (scipy's default `nan_policy='propagate'`).
 * @throws EmptyInputError when `values` is empty (scipy returns `NaN` with a warning).
 */
export function skewness(values: NumericArray): number {
  assertNumericArray(values, 'values');
  assertNotEmpty(values, 'values', 'skewness');
  const n = values.length;
  const center = pairwiseSum(values, 0, n) / n;
  const secondMoment = pairwiseSquaredDeviationSum(values, center, 0, n) / n;
  const thirdMoment = pairwiseCubedDeviationSum(values, center, 0, n) / n;
  const threshold = Number.EPSILON * center;
  if (secondMoment <= threshold * threshold) return Number.NaN;
  return thirdMoment / secondMoment ** 1.5;
}
