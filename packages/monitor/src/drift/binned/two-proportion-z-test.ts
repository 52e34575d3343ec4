import { InvalidArgumentError } from '@dagnostics/core';
import { normalCdf } from '@dagnostics/core/stats';

/** The alternative hypothesis of a test, in scipy's words (the same union as the sample tests' `Alternative`). */
export type Alternative = 'two-sided' | 'less' | 'greater';

/** Successes and trials of the two samples compared by {@link twoProportionZTest}. */
export interface TwoProportionCounts {
  readonly referenceSuccesses: number;
  readonly referenceTrials: number;
  readonly currentSuccesses: number;
  readonly currentTrials: number;
}

/** Options of {@link twoProportionZTest}. */
export interface TwoProportionZTestOptions {
  /**
   * `'two-sided'` (default, Evidently's), `'less'` (reference proportion below the current
   * one) or `'greater'`.
   */
  alternative?: Alternative;
}

/** Result of {@link twoProportionZTest}. */
export interface ZTestResult {
  /** z = (p₁ − p₂) / √(P(1 − P)(1/n₁ + 1/n₂)), P the pooled proportion. */
  readonly statistic: number;
  readonly pValue: number;
}

function assertCount(value: number, argument: string, positive: boolean): void {
  if (!(Number.isSafeInteger(value) && (positive ? value >= 1 : value >= 0))) {
    throw new InvalidArgumentError({
      message: `\`${argument}\` must be a ${positive ? 'positive' : 'non-negative'} integer; got ${String(value)}.`,
      argument,
    });
  }
}

/**
 * Pooled two-proportion z-test, with the arithmetic of Evidently's `z` stattest
 * (`proportions_diff_z_stat_ind` and `proportions_diff_z_test` in
 * `evidently/legacy/calculations/stattests/z_stattest.py`, Evidently 0.7.23):
 * p₁ = x₁/n₁, p₂ = x₂/n₂, P = (p₁n₁ + p₂n₂)/(n₁ + n₂), z as in {@link ZTestResult};
 * two-sided p = 2·(1 − Φ(|z|)), `'less'` p = Φ(z), `'greater'` p = 1 − Φ(z). Φ is subtracted
 * from 1 as Evidently does, so p-values below about 1e-16 round to 0 as they do there.
 *
 * When both samples are all successes or all failures, z is 0/0; it is reported as 0
 * (no difference), so the two-sided p-value is 1, as Evidently's special case for two
 * constant, equal samples gives.
 *
 * @throws InvalidArgumentError for counts that are not integers, trials below 1, or more
 * successes than trials.
 */
export function twoProportionZTest(
  counts: TwoProportionCounts,
  options: TwoProportionZTestOptions = {},
): ZTestResult {
  const { referenceSuccesses, referenceTrials, currentSuccesses, currentTrials } = counts;
  assertCount(referenceTrials, 'referenceTrials', true);
  assertCount(currentTrials, 'currentTrials', true);
  assertCount(referenceSuccesses, 'referenceSuccesses', false);
  assertCount(currentSuccesses, 'currentSuccesses', false);
  if (referenceSuccesses > referenceTrials || currentSuccesses > currentTrials) {
    throw new InvalidArgumentError({
      message: 'A sample cannot have more successes than trials.',
      argument: referenceSuccesses > referenceTrials ? 'referenceSuccesses' : 'currentSuccesses',
    });
  }
  const { alternative = 'two-sided' } = options;
  const referenceProportion = referenceSuccesses / referenceTrials;
  const currentProportion = currentSuccesses / currentTrials;
  const pooled =
    (referenceProportion * referenceTrials + currentProportion * currentTrials) /
    (referenceTrials + currentTrials);
  const variance = pooled * (1 - pooled) * (1 / referenceTrials + 1 / currentTrials);
  const statistic =
    variance === 0 ? 0 : (referenceProportion - currentProportion) / Math.sqrt(variance);
  switch (alternative) {
    case 'two-sided':
      return { statistic, pValue: 2 * (1 - normalCdf(Math.abs(statistic))) };
    case 'less':
      return { statistic, pValue: normalCdf(statistic) };
    case 'greater':
      return { statistic, pValue: 1 - normalCdf(statistic) };
    default:
      throw new InvalidArgumentError({
        message: `\`alternative\` must be 'two-sided', 'less' or 'greater'; got ${JSON.stringify(alternative)}.`,
        argument: 'alternative',
      });
  }
}
