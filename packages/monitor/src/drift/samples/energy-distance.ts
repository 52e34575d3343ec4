import type { NumericArray } from '@dagnostics/core/stats';
import { cdfDistanceIntegral } from './cdf-distance';
import type { CdfDistanceOptions } from './wasserstein-distance';

/**
 * Energy distance between two one-dimensional empirical distributions,
 * √(2 E|X − Y| − E|X − X′| − E|Y − Y′|) = √2 · (∫ (U − V)² dx)^½, as scipy 1.17
 * `scipy.stats.energy_distance(u_values, v_values, u_weights, v_weights)` computes it (the
 * metric, not its square). In the square-root units of the data.
 *
 * NaN and ±Infinity values are dropped first (with their weights). Cost: one sort per
 * sample plus a linear merge.
 *
 * @param reference - scipy's `u_values`.
 * @param current - scipy's `v_values`.
 * @param options - Optional weights, as for `wassersteinDistance`.
 * @throws EmptyInputError (argument `reference` or `current`) when a sample has no finite
 * value; InvalidArgumentError for invalid weights.
 */
export function energyDistance(
  reference: NumericArray,
  current: NumericArray,
  options: CdfDistanceOptions = {},
): number {
  const integral = cdfDistanceIntegral(
    2,
    reference,
    current,
    options.referenceWeights,
    options.currentWeights,
    'the energy distance',
  );
  return Math.SQRT2 * Math.sqrt(integral);
}
