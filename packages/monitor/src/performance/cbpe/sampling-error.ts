import { standardDeviation } from '@dagnostics/core/stats';
import type { CbpeMetric } from './estimated-metrics';

/**
 * What a metric's sampling error is scaled from: the standard deviation of an
 * observation-level version of the metric on the reference data, and the fraction of rows
 * that observation set covers. A chunk of n rows then has standard error
 * `deviation / √(n · fraction)` (NannyML 0.13.1, `sampling_error/binary_classification.py`).
 */
export interface SamplingErrorComponents {
  deviation: number;
  fraction: number;
}

/** `np.std` (ddof 0) of `count` ones followed by `zeros` zeros, scaled by `scale`; NaN when empty. */
function deviationOfIndicators(ones: number, zeros: number, scale = 1): number {
  if (ones + zeros === 0) return Number.NaN;
  const values = new Float64Array(ones + zeros);
  values.fill(scale, 0, ones);
  return standardDeviation(values);
}

/**
 * NannyML's ROC AUC components: classes flipped when positives are the majority, rows sorted
 * by score, and for the j-th positive (j from 0) at rank r, (r − j) / negatives; σ of those
 * values and the positive fraction. A positive at rank 0 is left out, as in NannyML (its rank
 * is indistinguishable from the zeros of the negatives there).
 */
function rocAucComponents(labels: Float64Array, scores: Float64Array): SamplingErrorComponents {
  const n = labels.length;
  let positives = 0;
  for (const label of labels) positives += label;
  const flip = positives / n > 0.5;
  const truth = flip ? labels.map((label) => Math.abs(label - 1)) : labels;
  const ranked = flip ? scores.map((score) => 1 - score) : scores;
  const order = Array.from(ranked.keys()).sort(
    (a, b) => (ranked[a] as number) - (ranked[b] as number) || a - b,
  );
  const positiveRanks: number[] = [];
  order.forEach((row, rank) => {
    if (truth[row] === 1 && rank > 0) positiveRanks.push(rank);
  });
  const positiveCount = truth.reduce((sum, value) => sum + value, 0);
  const negativeCount = n - positiveCount;
  const scaled = Float64Array.from(positiveRanks, (rank, j) => (rank - j) / negativeCount);
  return {
    deviation: scaled.length === 0 ? Number.NaN : standardDeviation(scaled),
    fraction: positiveCount / n,
  };
}

/**
 * Reference components of a metric's sampling error (NannyML's `*_sampling_error_components`).
 * Tied reference scores of different classes are ranked in input order for ROC AUC; NannyML
 * ranks them with numpy's unstable sort, so with such ties the ROC AUC deviation may differ.
 */
export function samplingErrorComponents(
  metric: CbpeMetric,
  labels: Float64Array,
  yPred: Float64Array,
  scores: Float64Array,
): SamplingErrorComponents {
  const n = labels.length;
  if (metric === 'roc_auc') return rocAucComponents(labels, scores);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  labels.forEach((label, i) => {
    const predicted = yPred[i] as number;
    if (predicted === 1) {
      if (label === 1) tp++;
      else fp++;
    } else if (label === 0) tn++;
    else fn++;
  });
  switch (metric) {
    case 'f1': {
      const relevant = tp + fn + fp;
      if (relevant === 0) return { deviation: Number.NaN, fraction: 0 };
      const correction = relevant / ((fn + fp) * 0.5 + tp);
      return { deviation: deviationOfIndicators(tp, fn + fp, correction), fraction: relevant / n };
    }
    case 'precision':
      return { deviation: deviationOfIndicators(tp, fp), fraction: (tp + fp) / n };
    case 'recall':
      return { deviation: deviationOfIndicators(tp, fn), fraction: (tp + fn) / n };
    case 'specificity':
      return { deviation: deviationOfIndicators(tn, fp), fraction: (tn + fp) / n };
    case 'accuracy':
      return { deviation: correctnessDeviation(labels, yPred), fraction: 1 };
  }
}

/** σ of the per-row 0/1 correctness, in row order (NannyML's accuracy component). */
function correctnessDeviation(labels: Float64Array, yPred: Float64Array): number {
  return standardDeviation(labels.map((label, i) => (label === yPred[i] ? 1 : 0)));
}

/** Standard error of a metric on a chunk of `rows` rows. */
export function samplingError(components: SamplingErrorComponents, rows: number): number {
  return components.deviation / Math.sqrt(rows * components.fraction);
}
