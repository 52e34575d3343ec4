import { InvalidArgumentError } from '@dagnostics/core';
import { rocAucScore } from '../classification/roc-auc';
import { pairwiseMean, pairwiseSum } from '../shared/pairwise-sum';
import {
  assertNotEmpty,
  assertProbabilities,
  assertSameLength,
  type NumericInput,
  toFiniteFloat64,
} from '../shared/validation';
import { fitIsotonicRegression } from './isotonic-regression';
import { stratifiedShuffleSplits } from './stratified-shuffle-split';

/** Why {@link checkCalibrationNeed} decided as it did. */
export type CalibrationReason =
  /** `yTrue` holds one class: nothing to calibrate against. */
  | 'single-class'
  /** Reference ROC AUC above 0.999: the scores separate the classes almost perfectly. */
  | 'near-perfect-ranking'
  /** Isotonic calibration lowered the cross-validated ECE. */
  | 'calibration-lowers-error'
  /** Isotonic calibration did not lower the cross-validated ECE. */
  | 'calibration-does-not-lower-error';

/** The outcome of {@link checkCalibrationNeed}. */
export interface CalibrationNeed {
  /** Whether the scores should be calibrated (NannyML's `needs_calibration`). */
  needed: boolean;
  reason: CalibrationReason;
  /** Cross-validated ECE of the raw scores; undefined when the check stopped early. */
  errorBefore?: number;
  /** Cross-validated ECE of the isotonic-calibrated scores; undefined when the check stopped early. */
  errorAfter?: number;
}

/** Options of {@link checkCalibrationNeed}. */
export interface CalibrationCheckOptions {
  /** Number of equal-count ECE bins. Default 10. */
  bins?: number;
  /** Number of stratified 90/10 splits. Default 10. */
  splits?: number;
}

/** Reads binary 0/1 targets. */
export function readBinaryTargets(values: unknown, argument: string): Float64Array {
  const targets = toFiniteFloat64(values, argument);
  targets.forEach((value, i) => {
    if (value !== 0 && value !== 1) {
      throw new InvalidArgumentError({
        message: `\`${argument}\` must hold binary labels 0 and 1, but entry ${i} is ${value}; map the positive class to 1 and the other to 0.`,
        argument,
      });
    }
  });
  return targets;
}

/**
 * Edges of equal-count bins over `length` sorted samples: width ⌊length / bins⌋, the last bin
 * taking the remainder (and fewer bins when there are at most 2·bins samples), as NannyML's
 * `_get_bin_index_edges`.
 */
function binIndexEdges(length: number, requestedBins: number): number[] {
  let bins = requestedBins;
  if (length <= 2 * bins) {
    bins = Math.floor(length / 2);
    if (bins < 2) {
      throw new InvalidArgumentError({
        message: `Cannot split ${length} samples into at least 2 calibration bins; pass more reference rows.`,
        argument: 'yTrue',
      });
    }
  }
  const width = Math.floor(length / bins);
  const edges: number[] = [];
  for (let edge = 0; edge <= length; edge += width) edges.push(edge);
  edges[edges.length - 1] = length;
  return edges;
}

/**
 * NannyML's expected calibration error: samples sorted by probability, cut into bins of
 * equal count (see {@link binIndexEdges}), Σ (bin size / n)·|mean probability − mean label|.
 * Tied probabilities keep their input order (a stable sort); NannyML uses numpy's default
 * unstable sort, which can order ties differently across a bin edge.
 */
function equalCountCalibrationError(
  labels: Float64Array,
  probabilities: Float64Array,
  edges: number[],
): number {
  const order = Array.from(probabilities.keys()).sort(
    (a, b) => (probabilities[a] as number) - (probabilities[b] as number) || a - b,
  );
  const sortedProbabilities = Float64Array.from(order, (i) => probabilities[i] as number);
  const sortedLabels = Float64Array.from(order, (i) => labels[i] as number);
  const terms: number[] = [];
  for (let bin = 0; bin + 1 < edges.length; bin++) {
    const start = edges[bin] as number;
    const end = edges[bin + 1] as number;
    const meanProbability = pairwiseMean(sortedProbabilities.subarray(start, end));
    const meanLabel = pairwiseMean(sortedLabels.subarray(start, end));
    terms.push(((end - start) / probabilities.length) * Math.abs(meanProbability - meanLabel));
  }
  return pairwiseSum(terms);
}

/**
 * Whether reference scores benefit from isotonic calibration, as NannyML 0.13.1's
 * `needs_calibration(y_true, y_pred_proba, IsotonicCalibrator())`:
 * 1. no, if `yTrue` holds a single class or the ROC AUC exceeds 0.999;
 * 2. otherwise 10 stratified 90/10 splits (scikit-learn's `StratifiedShuffleSplit`,
 *    `random_state=42`, reproduced exactly); on each, an isotonic regression fitted on the
 *    90 % calibrates the 10 %; the test parts of all splits are pooled;
 * 3. yes if the ECE (10 equal-count bins) of the pooled calibrated scores is below that of
 *    the pooled raw scores.
 *
 * (NannyML's docstring says calibration must help in every split; the code compares the
 * pooled errors once, and that is what is reproduced.) Tied scores that straddle an ECE bin
 * edge may be ordered differently than numpy orders them, so near a tie the two ECEs can
 * differ slightly from NannyML's (see {@link CalibrationNeed}).
 *
 * @param yTrue - Reference labels, 0 or 1.
 * @param yPredProba - Reference scores in [0, 1].
 * @throws EmptyInputError for empty input; InvalidArgumentError for mismatched lengths,
 * labels other than 0/1, scores outside [0, 1] or NaN, a class with fewer than 2 rows, or
 * too few rows for the split.
 */
export function checkCalibrationNeed(
  yTrue: NumericInput,
  yPredProba: NumericInput,
  options: CalibrationCheckOptions = {},
): CalibrationNeed {
  const labels = readBinaryTargets(yTrue, 'yTrue');
  const scores = toFiniteFloat64(yPredProba, 'yPredProba');
  assertSameLength(labels, 'yTrue', scores, 'yPredProba');
  assertNotEmpty(labels.length, 'yTrue', 'a calibration check');
  assertProbabilities(scores, 'yPredProba');
  if (new Set(labels).size === 1) return { needed: false, reason: 'single-class' };
  if (rocAucScore(labels, scores) > 0.999) return { needed: false, reason: 'near-perfect-ranking' };

  const testLabels: number[] = [];
  const testScores: number[] = [];
  const calibratedScores: number[] = [];
  for (const { train, test } of stratifiedShuffleSplits(labels, options.splits ?? 10, 0.1, 42)) {
    const calibrator = fitIsotonicRegression(
      train.map((i) => scores[i] as number),
      train.map((i) => labels[i] as number),
      { outOfBounds: 'clip' },
    );
    const foldScores = test.map((i) => scores[i] as number);
    testLabels.push(...test.map((i) => labels[i] as number));
    testScores.push(...foldScores);
    calibratedScores.push(...calibrator.predict(foldScores));
  }
  const edges = binIndexEdges(testScores.length, options.bins ?? 10);
  const pooledLabels = Float64Array.from(testLabels);
  const errorBefore = equalCountCalibrationError(
    pooledLabels,
    Float64Array.from(testScores),
    edges,
  );
  const errorAfter = equalCountCalibrationError(
    pooledLabels,
    Float64Array.from(calibratedScores),
    edges,
  );
  const needed = errorBefore > errorAfter;
  return {
    needed,
    reason: needed ? 'calibration-lowers-error' : 'calibration-does-not-lower-error',
    errorBefore,
    errorAfter,
  };
}
