import { InvalidArgumentError } from '@dagnostics/core';
import { mean, type NumericArray, studentTSf, variance } from '@dagnostics/core/stats';
import { finiteValues } from './finite-sample';

/** Result of {@link studentTTest}. */
export interface StudentTTestResult {
  /** t = (x̄₁ − x̄₂) / √(s²ₚ (1/n₁ + 1/n₂)), with s²ₚ the pooled variance. */
  readonly statistic: number;
  /** The two-sided p-value 2·P(T > |t|), T ~ Student t with n₁ + n₂ − 2 degrees of freedom. */
  readonly pValue: number;
  /** Degrees of freedom, n₁ + n₂ − 2. */
  readonly degreesOfFreedom: number;
}

/**
 * Sample variance with divisor n − 1, formed as scipy's `ttest_ind` forms it: the
 * population variance (numpy's pairwise sums) times n/(n − 1); 0 for a single value,
 * whose term drops out of the pooled variance.
 */
function sampleVariance(values: Float64Array): number {
  const n = values.length;
  if (n === 1) return 0;
  return variance(values) * (n / (n - 1));
}

/**
 * Two-sample Student t-test with pooled variance, numerically identical to scipy 1.17
 * `scipy.stats.ttest_ind(reference, current)` (`equal_var=True`, two-sided), the test behind
 * Evidently's `t_test`. Means and variances are summed pairwise in numpy's order over the
 * cleaned values in their original order.
 *
 * NaN and ±Infinity are dropped first. Deviations, so that no NaN escapes: when the pooled
 * variance is 0 and the means are equal (e.g. two identical constant samples) scipy
 * returns t = p = NaN; this returns t = 0, p = 1. With two single values (0 degrees of
 * freedom) it throws instead of returning NaN. Unequal constant samples give t = ±Infinity
 * and p = 0, as in scipy.
 *
 * @param reference - scipy's `a`.
 * @param current - scipy's `b`.
 * @throws EmptyInputError (argument `reference` or `current`) when a sample has no finite
 * value; InvalidArgumentError when both samples have a single value.
 */
export function studentTTest(reference: NumericArray, current: NumericArray): StudentTTestResult {
  const test = 'the t-test';
  const a = finiteValues(reference, 'reference', test);
  const b = finiteValues(current, 'current', test);
  const n1 = a.length;
  const n2 = b.length;
  const degreesOfFreedom = n1 + n2 - 2;
  if (degreesOfFreedom === 0) {
    throw new InvalidArgumentError({
      message:
        'The t-test needs at least three finite values in all (n₁ + n₂ − 2 ≥ 1 degrees of freedom); got one in each sample.',
      argument: 'current',
    });
  }
  const pooledVariance =
    ((n1 - 1) * sampleVariance(a) + (n2 - 1) * sampleVariance(b)) / degreesOfFreedom;
  const standardError = Math.sqrt(pooledVariance * (1 / n1 + 1 / n2));
  const difference = mean(a) - mean(b);
  if (standardError === 0 && difference === 0) {
    return { statistic: 0, pValue: 1, degreesOfFreedom };
  }
  const statistic = difference / standardError;
  const pValue = 2 * studentTSf(Math.abs(statistic), degreesOfFreedom);
  return { statistic, pValue, degreesOfFreedom };
}
