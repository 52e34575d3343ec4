import { InvalidArgumentError } from '@dagnostics/core';
import { quantiles } from '@dagnostics/core/stats';
import { checkLabels, formatLabel, type Label, type LabelInput } from '../shared/labels';
import { pairwiseSum } from '../shared/pairwise-sum';
import {
  assertInteger,
  assertNotEmpty,
  assertProbabilities,
  assertSameLength,
  type NumericInput,
  toFiniteFloat64,
} from '../shared/validation';
import { checkLabelOption, defaultPositiveLabel } from './targets';

/** Options of {@link calibrationCurve} and {@link expectedCalibrationError}. */
export interface CalibrationCurveOptions {
  /**
   * Number of bins. Default 5 for {@link calibrationCurve} (scikit-learn's default) and 10
   * for {@link expectedCalibrationError}.
   */
  bins?: number;
  /**
   * `'uniform'` (default): equal-width bins over [0, 1], edges i/bins. `'quantile'`: edges at
   * the i/bins quantiles of `yProb` (numpy's linear method), so bins hold similar counts.
   */
  strategy?: 'uniform' | 'quantile';
  /**
   * The positive class. Default 1 when the labels are {0, 1}, {−1, 1} or a single one of
   * them; required otherwise.
   */
  positiveLabel?: Label;
}

/** A reliability diagram: per non-empty bin, the observed and the predicted positive rate. */
export interface CalibrationCurve {
  /** Fraction of positive samples in each non-empty bin. */
  fractionOfPositives: number[];
  /** Mean predicted probability in each non-empty bin. */
  meanPredictedProbability: number[];
  /** Number of samples in each non-empty bin. */
  binCounts: number[];
  /** Index (0-based, of all `bins`) of each non-empty bin. */
  binIndices: number[];
}

/**
 * Calibration curve, as scikit-learn 1.9.1's `calibration_curve(y_true, y_prob, n_bins=...,
 * strategy=..., pos_label=...)`, plus the count of each bin.
 *
 * A probability p falls in bin i when edge[i] < p ≤ edge[i+1] (the first bin also takes
 * p = edge[0]); with the uniform strategy, edge[i] = i/bins. Empty bins are left out, as
 * in scikit-learn.
 *
 * @param yTrue - True binary labels.
 * @param yProb - Predicted probability of the positive class, in [0, 1].
 * @throws EmptyInputError for empty input; InvalidArgumentError for mismatched lengths,
 * probabilities outside [0, 1] or NaN, more than two classes, ambiguous labels without
 * `positiveLabel`, or `bins` < 1.
 */
export function calibrationCurve(
  yTrue: LabelInput,
  yProb: NumericInput,
  options: CalibrationCurveOptions = {},
): CalibrationCurve {
  return curve(yTrue, yProb, options, 5);
}

function curve(
  yTrue: LabelInput,
  yProb: NumericInput,
  options: CalibrationCurveOptions,
  defaultBins: number,
): CalibrationCurve {
  const checked = checkLabels(yTrue, 'yTrue');
  const probabilities = toFiniteFloat64(yProb, 'yProb');
  assertSameLength(checked.values, 'yTrue', probabilities, 'yProb');
  assertNotEmpty(probabilities.length, 'yProb', 'a calibration curve');
  assertProbabilities(probabilities, 'yProb');
  const bins = assertInteger(options.bins ?? defaultBins, 'bins', 1);
  const distinct = new Set(checked.values);
  if (distinct.size > 2) {
    throw new InvalidArgumentError({
      message: `Calibration needs binary labels, but \`yTrue\` has ${distinct.size}: ${Array.from(distinct).map(formatLabel).join(', ')}.`,
      argument: 'yTrue',
    });
  }
  const positive =
    options.positiveLabel === undefined
      ? defaultPositiveLabel(checked)
      : checkLabelOption(options.positiveLabel, 'positiveLabel', checked.kind);
  const innerEdges = binEdges(probabilities, bins, options.strategy ?? 'uniform').slice(1, -1);

  const sums = new Float64Array(bins);
  const positives = new Float64Array(bins);
  const counts = new Float64Array(bins);
  probabilities.forEach((probability, i) => {
    const bin = countBelow(innerEdges, probability);
    sums[bin] = (sums[bin] as number) + probability;
    if (checked.values[i] === positive) positives[bin] = (positives[bin] as number) + 1;
    counts[bin] = (counts[bin] as number) + 1;
  });

  const result: CalibrationCurve = {
    fractionOfPositives: [],
    meanPredictedProbability: [],
    binCounts: [],
    binIndices: [],
  };
  for (let bin = 0; bin < bins; bin++) {
    const count = counts[bin] as number;
    if (count === 0) continue;
    result.fractionOfPositives.push((positives[bin] as number) / count);
    result.meanPredictedProbability.push((sums[bin] as number) / count);
    result.binCounts.push(count);
    result.binIndices.push(bin);
  }
  return result;
}

function binEdges(
  probabilities: Float64Array,
  bins: number,
  strategy: CalibrationCurveOptions['strategy'],
): number[] {
  const step = 1 / bins;
  const fractions = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? 1 : i * step));
  if (strategy === 'uniform') return fractions;
  if (strategy === 'quantile') {
    // scikit-learn asks np.percentile for fraction·100, which numpy divides by 100 again.
    return Array.from(
      quantiles(
        probabilities,
        fractions.map((fraction) => (fraction * 100) / 100),
      ),
    );
  }
  throw new InvalidArgumentError({
    message: `\`strategy\` must be 'uniform' or 'quantile'; got ${String(strategy)}.`,
    argument: 'strategy',
  });
}

/** Number of `sorted` edges strictly below `value` (numpy's `searchsorted(side='left')`). */
function countBelow(sorted: number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as number) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Expected calibration error over the bins of {@link calibrationCurve}:
 * ECE = Σ_b (n_b / n)·|fraction of positives_b − mean predicted probability_b| over the
 * non-empty bins b, summed in numpy's order. Equal-width bins (10 by default) unless
 * `strategy: 'quantile'`. 0 for a perfectly calibrated model; at most 1.
 *
 * scikit-learn has no ECE function; this is the standard binned estimator (Naeini et al.,
 * 2015) on scikit-learn's bins, and its per-bin values are exactly `calibration_curve`'s.
 *
 * @throws As {@link calibrationCurve}.
 */
export function expectedCalibrationError(
  yTrue: LabelInput,
  yProb: NumericInput,
  options: CalibrationCurveOptions = {},
): number {
  const bins = curve(yTrue, yProb, options, 10);
  const total = bins.binCounts.reduce((sum, count) => sum + count, 0);
  const terms = bins.binCounts.map(
    (count, i) =>
      (count / total) *
      Math.abs(
        (bins.fractionOfPositives[i] as number) - (bins.meanPredictedProbability[i] as number),
      ),
  );
  return pairwiseSum(terms);
}
