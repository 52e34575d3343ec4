import { type NumericArray, standardDeviation } from '@dagnostics/core/stats';
import { cdfDistanceIntegral } from './cdf-distance';
import { finiteValues } from './finite-sample';

/** Options of {@link wassersteinDistance} and {@link energyDistance}. */
export interface CdfDistanceOptions {
  /**
   * Non-negative weight (count or probability mass) of each value of `reference`, same
   * length; only the weights of finite values count, and their sum must be positive and
   * finite. Default: equal weights. scipy's `u_weights`.
   */
  referenceWeights?: NumericArray;
  /** The same for `current` (scipy's `v_weights`). */
  currentWeights?: NumericArray;
}

/**
 * First Wasserstein (earth mover's) distance between two one-dimensional empirical
 * distributions, ∫ |U − V| dx, as scipy 1.17 `scipy.stats.wasserstein_distance(u_values,
 * v_values, u_weights, v_weights)` computes it. In the units of the data.
 *
 * NaN and ±Infinity values are dropped first (with their weights). Cost: one sort per
 * sample plus a linear merge (a comparison sort of indices when weighted).
 *
 * @param reference - scipy's `u_values`.
 * @param current - scipy's `v_values`.
 * @param options - Optional weights; see {@link CdfDistanceOptions}.
 * @throws EmptyInputError (argument `reference` or `current`) when a sample has no finite
 * value; InvalidArgumentError for weights of the wrong length, negative, or summing to 0.
 */
export function wassersteinDistance(
  reference: NumericArray,
  current: NumericArray,
  options: CdfDistanceOptions = {},
): number {
  return cdfDistanceIntegral(
    1,
    reference,
    current,
    options.referenceWeights,
    options.currentWeights,
    'the Wasserstein distance',
  );
}

/** Evidently's floor on the normalising standard deviation, so constant references do not divide by 0. */
const MIN_NORMALISING_STD = 0.001;

/**
 * Evidently's `wasserstein` drift score: {@link wassersteinDistance} divided by
 * max(std(reference), 0.001), with the population standard deviation (`np.std`, ddof = 0)
 * of the cleaned reference. Unit-free, so one threshold (Evidently's default 0.1) fits
 * every column.
 *
 * @param reference - The reference sample; also sets the scale.
 * @param current - The current sample.
 * @throws EmptyInputError (argument `reference` or `current`) when a sample has no finite value.
 */
export function normedWassersteinDistance(reference: NumericArray, current: NumericArray): number {
  const cleanReference = finiteValues(reference, 'reference', 'the Wasserstein distance');
  const scale = Math.max(standardDeviation(cleanReference), MIN_NORMALISING_STD);
  return wassersteinDistance(cleanReference, current) / scale;
}
