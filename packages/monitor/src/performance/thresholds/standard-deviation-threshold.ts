import { InvalidArgumentError } from '@dagnostics/core';
import { pairwiseSum } from '../shared/pairwise-sum';
import { assertArrayInput, type NumericInput } from '../shared/validation';

/** Lower and upper alert thresholds; `null` where there is none. */
export interface Thresholds {
  lower: number | null;
  upper: number | null;
}

/** Options of {@link standardDeviationThresholds}. */
export interface StandardDeviationThresholdOptions {
  /** k in mean − k·σ; `null` for no lower threshold. Default 3. */
  lowerMultiplier?: number | null;
  /** k in mean + k·σ; `null` for no upper threshold. Default 3. */
  upperMultiplier?: number | null;
  /**
   * Smallest meaningful value of the metric (0 for accuracy, F1, ROC AUC, ...). A lower
   * threshold at or below it is replaced (see `beyondLimit`). Default: none.
   */
  lowerLimit?: number;
  /** Largest meaningful value of the metric (1 for the bounded metrics). Default: none. */
  upperLimit?: number;
  /**
   * What replaces a threshold at or beyond its limit: the limit itself (`'limit'`, default)
   * or no threshold (`'null'`, NannyML's `override_using_none=True`).
   */
  beyondLimit?: 'limit' | 'null';
}

function readMultiplier(value: unknown, argument: string): number | null {
  if (value === undefined) return 3;
  if (value === null) return null;
  if (typeof value !== 'number' || !(value >= 0) || value === Number.POSITIVE_INFINITY) {
    throw new InvalidArgumentError({
      message: `\`${argument}\` must be a finite number ≥ 0 or null (no threshold on that side); got ${String(value)}.`,
      argument,
    });
  }
  return value;
}

/**
 * Alert thresholds mean ± k·σ of reference values (typically a metric on each reference
 * chunk), as NannyML 0.13.1's `StandardDeviationThreshold` followed by
 * `calculate_threshold_values`:
 * - mean and σ ignore NaN values (`np.nanmean`, `np.nanstd`); σ is the population standard
 *   deviation (ddof = 0), both summed in numpy's order;
 * - the threshold itself does not clip; a `lowerLimit`/`upperLimit` replaces a lower
 *   threshold ≤ the lower limit, or an upper threshold ≥ the upper limit (NannyML's metrics
 *   pass 0 and 1 for bounded metrics such as accuracy, F1 and ROC AUC).
 *
 * With no non-NaN value the thresholds are NaN (NannyML warns and does the same).
 *
 * @throws InvalidArgumentError for non-array input or a negative multiplier.
 */
export function standardDeviationThresholds(
  referenceValues: NumericInput,
  options: StandardDeviationThresholdOptions = {},
): Thresholds {
  assertArrayInput(referenceValues, 'referenceValues');
  const lowerMultiplier = readMultiplier(options.lowerMultiplier, 'lowerMultiplier');
  const upperMultiplier = readMultiplier(options.upperMultiplier, 'upperMultiplier');
  const values = Float64Array.from(referenceValues as ArrayLike<number>, (value) => Number(value));
  const { mean, standardDeviation } = nanMeanAndStandardDeviation(values);
  let lower = lowerMultiplier === null ? null : mean - standardDeviation * lowerMultiplier;
  let upper = upperMultiplier === null ? null : mean + standardDeviation * upperMultiplier;
  const replacement = (limit: number) => (options.beyondLimit === 'null' ? null : limit);
  if (options.lowerLimit !== undefined && lower !== null && lower <= options.lowerLimit) {
    lower = replacement(options.lowerLimit);
  }
  if (options.upperLimit !== undefined && upper !== null && upper >= options.upperLimit) {
    upper = replacement(options.upperLimit);
  }
  return { lower, upper };
}

/** `np.nanmean` and `np.nanstd` (ddof 0): NaN entries count as 0 in the sums and not in n. */
function nanMeanAndStandardDeviation(values: Float64Array): {
  mean: number;
  standardDeviation: number;
} {
  let count = 0;
  const zeroed = values.map((value) => {
    if (Number.isNaN(value)) return 0;
    count++;
    return value;
  });
  const mean = pairwiseSum(zeroed) / count;
  const squares = values.map((value) =>
    Number.isNaN(value) ? 0 : (value - mean) * (value - mean),
  );
  return { mean, standardDeviation: Math.sqrt(pairwiseSum(squares) / count) };
}

/**
 * Whether each value lies outside the thresholds: `value < lower` or `value > upper`
 * (strict, as NannyML's `alert`; a value equal to a threshold is not flagged). A missing
 * threshold never flags, nor does a NaN value.
 */
export function flagOutsideThresholds(values: NumericInput, thresholds: Thresholds): boolean[] {
  assertArrayInput(values, 'values');
  return Array.from(values as ArrayLike<number>, (value) => isOutside(value, thresholds));
}

/** Whether one value lies outside the thresholds (see {@link flagOutsideThresholds}). */
export function isOutside(value: number, thresholds: Thresholds): boolean {
  return (
    (thresholds.lower !== null && value < thresholds.lower) ||
    (thresholds.upper !== null && value > thresholds.upper)
  );
}
