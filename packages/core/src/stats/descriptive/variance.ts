import { InvalidArgumentError } from '../../errors';
import { assertNotEmpty, assertNumericArray, type NumericArray } from '../input';
import { pairwiseSquaredDeviationSum, pairwiseSum } from './pairwise-sum';

/** Options of {@link variance} and {@link standardDeviation}. */
export interface VarianceOptions {
  /**
   * Delta degrees of freedom: the divisor is `n − ddof`. Default 0 (population variance,
   * numpy's default); use 1 for the unbiased sample variance (pandas' default).
   */
  ddof?: number;
}

function resolveDdof(options: VarianceOptions | undefined): number {
  const ddof = options?.ddof ?? 0;
  if (typeof ddof !== 'number' || !Number.isFinite(ddof)) {
    throw new InvalidArgumentError({
      message: `\`ddof\` must be a finite number (0 for the population variance, 1 for the sample variance); got ${String(ddof)}.`,
      argument: 'ddof',
    });
  }
  return ddof;
}

/**
 * Variance Σ(x − x̄)² / (n − ddof), computed in two passes (mean, then squared deviations),
 * each summed pairwise in numpy's order, as `numpy.var(values, ddof=ddof)`.
 *
 * @param values - The data.
 * @param options - `ddof`, default 0.
 * @returns The variance. `NaN` if any value is `NaN` or infinite. When `ddof ≥ n` numpy
 * divides by 0 and so does this: +∞, or `NaN` when the sum of squares is 0.
 * @throws EmptyInputError when `values` is empty; InvalidArgumentError for a non-finite `ddof`.
 */
export function variance(values: NumericArray, options?: VarianceOptions): number {
  assertNumericArray(values, 'values');
  const ddof = resolveDdof(options);
  assertNotEmpty(values, 'values', 'variance');
  const n = values.length;
  const center = pairwiseSum(values, 0, n) / n;
  return pairwiseSquaredDeviationSum(values, center, 0, n) / Math.max(n - ddof, 0);
}

/**
 * Standard deviation, the square root of {@link variance}; matches `numpy.std(values, ddof=ddof)`.
 *
 * @param values - The data.
 * @param options - `ddof`, default 0 (numpy's default; pandas uses 1).
 * @returns The standard deviation, in the units of `values`. `NaN` as for {@link variance}.
 * @throws EmptyInputError when `values` is empty; InvalidArgumentError for a non-finite `ddof`.
 */
export function standardDeviation(values: NumericArray, options?: VarianceOptions): number {
  return Math.sqrt(variance(values, options));
}
