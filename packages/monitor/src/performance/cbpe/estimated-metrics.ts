import { readBinaryTargets } from '../calibration/calibration-check';
import { trapezoidArea } from '../classification/roc-auc';
import { pairwiseSum } from '../shared/pairwise-sum';
import {
  assertNotEmpty,
  assertProbabilities,
  assertSameLength,
  type NumericInput,
  toFiniteFloat64,
} from '../shared/validation';

/** The binary-classification metrics CBPE estimates. */
export type CbpeMetric = 'roc_auc' | 'f1' | 'precision' | 'recall' | 'specificity' | 'accuracy';

/** Every {@link CbpeMetric}, in NannyML's order. */
export const CBPE_METRICS: readonly CbpeMetric[] = [
  'roc_auc',
  'f1',
  'precision',
  'recall',
  'specificity',
  'accuracy',
];

/**
 * Expected confusion-matrix cells when each sample is positive with its calibrated
 * probability p: TP = Σ p·[ŷ = 1], FP = Σ (1 − p)·[ŷ = 1], FN = Σ p·[ŷ = 0],
 * TN = Σ (1 − p)·[ŷ = 0]. Each is summed over all samples (zeros included) in numpy's
 * pairwise order, as NannyML's `np.sum(np.where(...))`.
 */
export interface ExpectedConfusion {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
}

/** The expected confusion cells of {@link ExpectedConfusion}. */
export function expectedConfusion(
  yPred: Float64Array,
  probabilities: Float64Array,
): ExpectedConfusion {
  const cell = (predicted: number, useComplement: boolean) =>
    pairwiseSum(
      probabilities.map((p, i) => (yPred[i] === predicted ? (useComplement ? 1 - p : p) : 0)),
    );
  return {
    truePositives: cell(1, false),
    falsePositives: cell(1, true),
    falseNegatives: cell(0, false),
    trueNegatives: cell(0, true),
  };
}

function ratio(numerator: number, denominator: number): number {
  return denominator !== 0 ? numerator / denominator : 0;
}

/** numpy's `round(x, 5)`: x·10⁵ rounded half to even, divided by 10⁵. */
function roundToFiveDecimals(value: number): number {
  const scaled = value * 1e5;
  const floor = Math.floor(scaled);
  const fraction = scaled - floor;
  let rounded: number;
  if (fraction < 0.5) rounded = floor;
  else if (fraction > 0.5) rounded = floor + 1;
  else rounded = floor % 2 === 0 ? floor : floor + 1;
  return rounded / 1e5;
}

/**
 * NannyML's estimated ROC AUC: samples in decreasing order of their uncalibrated score,
 * calibrated probabilities as soft labels (tps = Σ p, fps = rank − tps), both rounded to 5
 * decimals, normalised by their totals, and integrated by the trapezoid rule. NaN when a
 * total is 0 or the false positive rates are not monotonic (NannyML catches the error of
 * `auc` and records NaN).
 */
export function estimateRocAuc(probabilities: Float64Array, scores: Float64Array): number {
  const order = Array.from(scores.keys()).sort(
    (a, b) => (scores[b] as number) - (scores[a] as number),
  );
  const n = order.length;
  const tps = new Float64Array(n + 1);
  const fps = new Float64Array(n + 1);
  let cumulative = 0;
  order.forEach((index, rank) => {
    cumulative += probabilities[index] as number;
    tps[rank + 1] = cumulative;
    fps[rank + 1] = 1 + rank - cumulative;
  });
  const roundedTps = tps.map(roundToFiveDecimals);
  const roundedFps = fps.map(roundToFiveDecimals);
  const tpsTotal = roundedTps[n] as number;
  const fpsTotal = roundedFps[n] as number;
  const truePositiveRate = roundedTps.map((value) => value / tpsTotal);
  const falsePositiveRate = roundedFps.map((value) => value / fpsTotal);
  return trapezoidArea(falsePositiveRate, truePositiveRate) ?? Number.NaN;
}

/**
 * The estimate of one metric from predictions, calibrated probabilities and (for ROC AUC)
 * the uncalibrated scores, with NannyML 0.13.1's formulas (`estimate_f1`, `estimate_precision`,
 * ...): F1 = TP / (TP + ½(FP + FN)), precision = TP / (TP + FP), recall = TP / (TP + FN),
 * specificity = TN / (TN + FP), accuracy = (TP + TN) / n, where an undefined ratio is 0.
 */
export function estimateMetric(
  metric: CbpeMetric,
  yPred: Float64Array,
  probabilities: Float64Array,
  scores: Float64Array,
): number {
  if (metric === 'roc_auc') return estimateRocAuc(probabilities, scores);
  const cells = expectedConfusion(yPred, probabilities);
  const { truePositives: tp, falsePositives: fp, falseNegatives: fn, trueNegatives: tn } = cells;
  switch (metric) {
    case 'f1':
      return ratio(tp, tp + 0.5 * (fp + fn));
    case 'precision':
      return ratio(tp, tp + fp);
    case 'recall':
      return ratio(tp, tp + fn);
    case 'specificity':
      return ratio(tn, tn + fp);
    case 'accuracy':
      return (tp + tn) / yPred.length;
  }
}

/** Input of {@link estimateBinaryMetrics}. */
export interface BinaryEstimationInput {
  /** Predicted labels, 0 or 1. */
  yPred: NumericInput;
  /** Calibrated probability of class 1 for each sample, in [0, 1]. */
  probabilities: NumericInput;
  /**
   * The uncalibrated scores that rank the samples for ROC AUC. Default: `probabilities`
   * (calibration is monotonic, so they rank alike except where it creates ties).
   */
  scores?: NumericInput;
}

/**
 * CBPE's estimates on one set of samples from already-calibrated probabilities, without
 * labels (NannyML 0.13.1's `estimate_roc_auc`, `estimate_f1`, ...; see {@link estimateMetric}).
 * Use `fitCbpe` for the full procedure with calibration, chunks, confidence bands and
 * thresholds.
 *
 * @throws EmptyInputError for empty input; InvalidArgumentError for predictions other than
 * 0/1, probabilities outside [0, 1] or NaN, mismatched lengths.
 */
export function estimateBinaryMetrics(
  input: BinaryEstimationInput,
  metrics: readonly CbpeMetric[] = CBPE_METRICS,
): Partial<Record<CbpeMetric, number>> {
  const yPred = readBinaryTargets(input.yPred, 'yPred');
  const probabilities = toFiniteFloat64(input.probabilities, 'probabilities');
  assertSameLength(yPred, 'yPred', probabilities, 'probabilities');
  assertNotEmpty(yPred.length, 'yPred', 'a performance estimate');
  assertProbabilities(probabilities, 'probabilities');
  const scores =
    input.scores === undefined ? probabilities : toFiniteFloat64(input.scores, 'scores');
  assertSameLength(yPred, 'yPred', scores, 'scores');
  const result: Partial<Record<CbpeMetric, number>> = {};
  for (const metric of metrics)
    result[metric] = estimateMetric(metric, yPred, probabilities, scores);
  return result;
}
