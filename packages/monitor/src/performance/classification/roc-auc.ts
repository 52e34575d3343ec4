import { InvalidArgumentError } from '@dagnostics/core';
import {
  type CheckedLabels,
  checkLabels,
  compareLabels,
  formatLabel,
  type Label,
  type LabelInput,
} from '../shared/labels';
import { pairwiseSum } from '../shared/pairwise-sum';
import {
  assertArrayInput,
  assertNotEmpty,
  assertSameLength,
  type NumericInput,
  toFiniteFloat64,
  toFiniteMatrix,
} from '../shared/validation';
import { checkLabelOption, defaultPositiveLabel, readLabelOption } from './targets';

/** A ROC curve: false and true positive rates at decreasing score thresholds. */
export interface RocCurve {
  /** False positive rate at each threshold, starting at 0. */
  falsePositiveRate: number[];
  /** True positive rate at each threshold, starting at 0. */
  truePositiveRate: number[];
  /** Score thresholds, decreasing; the first is +∞ (no sample predicted positive). */
  thresholds: number[];
}

/** Options of {@link rocCurve}. */
export interface RocCurveOptions {
  /**
   * The positive class. Default: 1 when the labels are {0, 1}, {−1, 1} or a single one of
   * them; required otherwise (as scikit-learn's `pos_label=None`).
   */
  positiveLabel?: Label;
  /** Drop thresholds whose points are collinear with their neighbours. Default true. */
  dropIntermediate?: boolean;
}

/**
 * Area under a curve by the trapezoidal rule, as scikit-learn 1.9.1's `auc(x, y)`: `x` must
 * be monotonic (increasing, or decreasing for a negative direction).
 *
 * @throws InvalidArgumentError for fewer than two points, different lengths, or `x` that is
 * neither non-decreasing nor non-increasing.
 */
export function areaUnderCurve(x: NumericInput, y: NumericInput): number {
  assertArrayInput(x, 'x');
  assertArrayInput(y, 'y');
  assertSameLength(x, 'x', y, 'y');
  if (x.length < 2) {
    throw new InvalidArgumentError({
      message: `At least 2 points are needed to compute an area under a curve; got ${x.length}.`,
      argument: 'x',
    });
  }
  const area = trapezoidArea(x, y);
  if (area === undefined) {
    throw new InvalidArgumentError({
      message: '`x` must be monotonic (all increasing or all decreasing) to compute an area.',
      argument: 'x',
    });
  }
  return area;
}

/**
 * Trapezoid area Σ dx·(y₀ + y₁)/2 summed in numpy's pairwise order, signed by the direction
 * of `x`; undefined when `x` is not monotonic. NaN coordinates give NaN, as in scikit-learn.
 */
export function trapezoidArea(x: ArrayLike<number>, y: ArrayLike<number>): number | undefined {
  const terms = new Float64Array(x.length - 1);
  let anyDecrease = false;
  let allNonIncreasing = true;
  for (let i = 0; i < terms.length; i++) {
    const step = (x[i + 1] as number) - (x[i] as number);
    if (step < 0) anyDecrease = true;
    if (step > 0) allNonIncreasing = false;
    terms[i] = (step * ((y[i + 1] as number) + (y[i] as number))) / 2.0;
  }
  const direction = anyDecrease ? -1 : 1;
  if (anyDecrease && !allNonIncreasing) return undefined;
  return direction * pairwiseSum(terms);
}

/** Binary 0/1 truth from labels and the positive class. */
function binarize(labels: Label[], positive: Label): Uint8Array {
  return Uint8Array.from(labels, (label) => (label === positive ? 1 : 0));
}

interface CurvePoints {
  falsePositives: number[];
  truePositives: number[];
  thresholds: number[];
}

/**
 * Cumulative true/false positive counts at each distinct score, scores taken in decreasing
 * order (ties share one threshold, so the order among tied scores does not matter).
 */
function countsAtThresholds(truth: Uint8Array, scores: Float64Array): CurvePoints {
  const order = Array.from(scores.keys()).sort(
    (a, b) => (scores[b] as number) - (scores[a] as number) || a - b,
  );
  const falsePositives: number[] = [];
  const truePositives: number[] = [];
  const thresholds: number[] = [];
  let positives = 0;
  for (let rank = 0; rank < order.length; rank++) {
    const index = order[rank] as number;
    positives += truth[index] as number;
    const next = order[rank + 1];
    if (next === undefined || scores[next] !== scores[index]) {
      truePositives.push(positives);
      falsePositives.push(1 + rank - positives);
      thresholds.push(scores[index] as number);
    }
  }
  return { falsePositives, truePositives, thresholds };
}

/**
 * Drops interior points where both count sequences have a zero second difference: such a
 * point lies on the straight line between its neighbours, so the area is unchanged (but the
 * trapezoid sum, and so its rounding, is scikit-learn's only if the same points are kept).
 */
function dropCollinear(points: CurvePoints): CurvePoints {
  const { falsePositives: fps, truePositives: tps, thresholds } = points;
  if (fps.length <= 2) return points;
  const keep: number[] = [0];
  for (let i = 1; i < fps.length - 1; i++) {
    const secondFps =
      (fps[i + 1] as number) - (fps[i] as number) - ((fps[i] as number) - (fps[i - 1] as number));
    const secondTps =
      (tps[i + 1] as number) - (tps[i] as number) - ((tps[i] as number) - (tps[i - 1] as number));
    if (secondFps !== 0 || secondTps !== 0) keep.push(i);
  }
  keep.push(fps.length - 1);
  return {
    falsePositives: keep.map((i) => fps[i] as number),
    truePositives: keep.map((i) => tps[i] as number),
    thresholds: keep.map((i) => thresholds[i] as number),
  };
}

function curveFromTruth(
  truth: Uint8Array,
  scores: Float64Array,
  dropIntermediate: boolean,
): RocCurve {
  let points = countsAtThresholds(truth, scores);
  if (dropIntermediate) points = dropCollinear(points);
  const fps = [0, ...points.falsePositives];
  const tps = [0, ...points.truePositives];
  const totalNegatives = fps[fps.length - 1] as number;
  const totalPositives = tps[tps.length - 1] as number;
  return {
    falsePositiveRate: fps.map((count) =>
      totalNegatives > 0 ? count / totalNegatives : Number.NaN,
    ),
    truePositiveRate: tps.map((count) =>
      totalPositives > 0 ? count / totalPositives : Number.NaN,
    ),
    thresholds: [Number.POSITIVE_INFINITY, ...points.thresholds],
  };
}

/**
 * ROC curve, as scikit-learn 1.9.1's `roc_curve(y_true, y_score, pos_label=...,
 * drop_intermediate=...)`. Tied scores form one threshold. With no negatives (positives) in
 * `yTrue` the false (true) positive rates are NaN, as scikit-learn's.
 *
 * @param yTrue - True labels.
 * @param yScore - Scores, higher meaning more likely positive.
 * @throws EmptyInputError for empty input; InvalidArgumentError for mismatched lengths,
 * non-finite scores, or labels other than {0, 1}/{−1, 1} without `positiveLabel`.
 */
export function rocCurve(
  yTrue: LabelInput,
  yScore: NumericInput,
  options: RocCurveOptions = {},
): RocCurve {
  const checked = checkLabels(yTrue, 'yTrue');
  const scores = toFiniteFloat64(yScore, 'yScore');
  assertSameLength(checked.values, 'yTrue', scores, 'yScore');
  assertNotEmpty(scores.length, 'yScore', 'a ROC curve');
  const positive =
    options.positiveLabel === undefined
      ? defaultPositiveLabel(checked)
      : checkLabelOption(options.positiveLabel, 'positiveLabel', checked.kind);
  return curveFromTruth(
    binarize(checked.values, positive),
    scores,
    options.dropIntermediate ?? true,
  );
}

/** ROC AUC of 0/1 truth; NaN when only one class is present (scikit-learn warns and returns NaN). */
function binaryAuc(truth: Uint8Array, scores: Float64Array): number {
  let positives = 0;
  for (const value of truth) positives += value;
  if (positives === 0 || positives === truth.length) return Number.NaN;
  const curve = curveFromTruth(truth, scores, true);
  return trapezoidArea(curve.falsePositiveRate, curve.truePositiveRate) as number;
}

/** Options of {@link rocAucScore}. */
export interface RocAucOptions {
  /**
   * Multiclass only: average of the one-vs-rest AUCs. `'macro'` (default) is the plain mean,
   * `'weighted'` weights each class by its support in `yTrue`, `'micro'` pools all
   * one-vs-rest decisions into one curve.
   */
  average?: 'macro' | 'weighted' | 'micro';
  /**
   * Multiclass only: the class of each column of `yScore`, in increasing order. Default: the
   * sorted labels of `yTrue`, which must then number as many as the columns.
   */
  labels?: LabelInput;
}

/**
 * Area under the ROC curve, as scikit-learn 1.9.1's `roc_auc_score`: the trapezoid area
 * under {@link rocCurve} (so tied scores count one half).
 *
 * - Binary: `yScore` is one score per sample for the greater label (the second of the two
 *   sorted labels). NaN when `yTrue` holds a single class.
 * - Multiclass: `yScore` is one row of class probabilities per sample (rows summing to 1,
 *   columns in the order of `labels`); one-vs-rest (`multi_class='ovr'`) with `average`. A
 *   class absent from `yTrue` has an undefined AUC (NaN in a macro average, weight 0 in a
 *   weighted one).
 *
 * @throws EmptyInputError for empty input; InvalidArgumentError for mismatched shapes,
 * non-finite scores, multiclass rows that do not sum to 1, more than two classes with 1-D
 * scores, or labels that do not match the columns.
 */
export function rocAucScore(
  yTrue: LabelInput,
  yScore: NumericInput | readonly NumericInput[],
  options: RocAucOptions = {},
): number {
  const checked = checkLabels(yTrue, 'yTrue');
  assertArrayInput(yScore, 'yScore');
  assertSameLength(checked.values, 'yTrue', yScore, 'yScore');
  assertNotEmpty(checked.values.length, 'yTrue', 'a ROC AUC');
  const isMatrix = yScore.length > 0 && isArrayLikeRow(yScore[0]);
  if (!isMatrix) {
    const scores = toFiniteFloat64(yScore, 'yScore');
    const classes = Array.from(new Set(checked.values)).sort(compareLabels);
    if (classes.length > 2) {
      throw new InvalidArgumentError({
        message: `\`yTrue\` has ${classes.length} classes; pass one row of class probabilities per sample as \`yScore\` for a one-vs-rest AUC.`,
        argument: 'yScore',
      });
    }
    return binaryAuc(binarize(checked.values, classes[classes.length - 1] as Label), scores);
  }
  return multiclassAuc(checked, toFiniteMatrix(yScore, 'yScore'), options);
}

function isArrayLikeRow(value: unknown): boolean {
  return Array.isArray(value) || ArrayBuffer.isView(value);
}

function multiclassAuc(
  checked: CheckedLabels,
  rows: Float64Array[],
  options: RocAucOptions,
): number {
  const width = (rows[0] as Float64Array).length;
  if (width <= 2) {
    throw new InvalidArgumentError({
      message: `\`yScore\` has ${width} columns; for a binary task pass the positive-class scores as a 1-D array.`,
      argument: 'yScore',
    });
  }
  rows.forEach((row, i) => {
    const total = row.reduce((sum, value) => sum + value, 0);
    if (!(Math.abs(1 - total) <= 1e-8 + 1e-5 * Math.abs(total))) {
      throw new InvalidArgumentError({
        message: `Row ${i} of \`yScore\` sums to ${total}, not 1; a multiclass ROC AUC needs class probabilities (apply a softmax first).`,
        argument: 'yScore',
      });
    }
  });
  const average = options.average ?? 'macro';
  if (!['macro', 'weighted', 'micro'].includes(average)) {
    throw new InvalidArgumentError({
      message: `\`average\` must be 'macro', 'weighted' or 'micro'; got ${String(average)}.`,
      argument: 'average',
    });
  }
  const explicit = readLabelOption(options.labels, checked);
  let classes: Label[];
  if (explicit !== undefined) {
    const sorted = [...explicit].sort(compareLabels);
    if (sorted.some((label, i) => label !== explicit[i])) {
      throw new InvalidArgumentError({
        message: '`labels` must be in increasing order (the order of the `yScore` columns).',
        argument: 'labels',
      });
    }
    if (explicit.length !== width) {
      throw new InvalidArgumentError({
        message: `\`labels\` names ${explicit.length} classes but \`yScore\` has ${width} columns.`,
        argument: 'labels',
      });
    }
    const unknown = checked.values.find((label) => !explicit.includes(label));
    if (unknown !== undefined) {
      throw new InvalidArgumentError({
        message: `\`yTrue\` contains ${formatLabel(unknown)}, which is not in \`labels\`.`,
        argument: 'labels',
      });
    }
    classes = explicit;
  } else {
    classes = Array.from(new Set(checked.values)).sort(compareLabels);
    if (classes.length !== width) {
      throw new InvalidArgumentError({
        message: `\`yTrue\` has ${classes.length} classes but \`yScore\` has ${width} columns; pass \`labels\` to name the column classes.`,
        argument: 'yScore',
      });
    }
  }
  if (average === 'micro') {
    const n = rows.length;
    const truth = new Uint8Array(n * width);
    const scores = new Float64Array(n * width);
    rows.forEach((row, i) => {
      for (let c = 0; c < width; c++) {
        truth[i * width + c] = checked.values[i] === classes[c] ? 1 : 0;
        scores[i * width + c] = row[c] as number;
      }
    });
    return binaryAuc(truth, scores);
  }
  const perClass: number[] = [];
  const support: number[] = [];
  classes.forEach((label, c) => {
    const truth = binarize(checked.values, label);
    const scores = Float64Array.from(rows, (row) => row[c] as number);
    perClass.push(binaryAuc(truth, scores));
    support.push(truth.reduce((sum, value) => sum + value, 0));
  });
  if (average === 'macro') return pairwiseSum(perClass) / perClass.length;
  const totalSupport = pairwiseSum(support);
  const weighted = perClass.map(
    (score, c) => ((support[c] as number) === 0 ? 0 : score) * (support[c] as number),
  );
  return pairwiseSum(weighted) / totalSupport;
}
