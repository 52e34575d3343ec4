import { InvalidArgumentError } from '@dagnostics/core';
import { formatLabel, type Label, type LabelInput } from '../shared/labels';
import { pairwiseSum } from '../shared/pairwise-sum';
import {
  type ClassificationTargets,
  checkLabelOption,
  countByLabel,
  readLabelOption,
  readTargets,
} from './targets';

/**
 * How per-class scores are combined (scikit-learn's `average`):
 * - `'binary'`: the score of `positiveLabel` only (binary targets);
 * - `'micro'`: from the counts summed over classes;
 * - `'macro'`: the unweighted mean of the per-class scores;
 * - `'weighted'`: the mean weighted by each class's support (its count in `yTrue`).
 */
export type Average = 'binary' | 'micro' | 'macro' | 'weighted';

/**
 * The value a score takes when its denominator is 0 (scikit-learn's `zero_division`). `0`
 * is scikit-learn's default `'warn'` without the warning; `'nan'` leaves the score out of
 * macro and weighted averages (a NaN if every class is undefined).
 */
export type ZeroDivision = 0 | 1 | 'nan';

/** Options of {@link precisionRecallFScorePerClass}. */
export interface PerClassOptions {
  /**
   * The classes to report, in this order (they may include classes absent from the data).
   * Default: every label present in `yTrue` or `yPred`, sorted.
   */
  labels?: LabelInput;
  /** Weight of recall in the F-score: F_β = (1 + β²)·tp / ((1 + β²)·tp + β²·fn + fp). Default 1. */
  beta?: number;
  /** Value of an undefined score. Default 0. */
  zeroDivision?: ZeroDivision;
}

/** Options of {@link precisionRecallFScore} and the single-score functions. */
export interface PrecisionRecallOptions extends PerClassOptions {
  /** How per-class scores are combined. Default `'binary'` (scikit-learn's default). */
  average?: Average;
  /** The positive class when `average` is `'binary'`. Default 1; required for string labels. */
  positiveLabel?: Label;
}

/** Per-class precision, recall, F-score and support. */
export interface PerClassScores {
  labels: Label[];
  precision: number[];
  recall: number[];
  fScore: number[];
  /** Number of samples of each class in `yTrue`. */
  support: number[];
}

/** Averaged precision, recall and F-score. */
export interface AveragedScores {
  precision: number;
  recall: number;
  fScore: number;
}

function zeroDivisionValue(zeroDivision: unknown): number {
  if (zeroDivision === undefined || zeroDivision === 0) return 0;
  if (zeroDivision === 1) return 1;
  if (zeroDivision === 'nan') return Number.NaN;
  throw new InvalidArgumentError({
    message: `\`zeroDivision\` must be 0, 1 or 'nan'; got ${String(zeroDivision)}.`,
    argument: 'zeroDivision',
  });
}

function readBeta(beta: unknown): number {
  if (beta === undefined) return 1;
  if (typeof beta !== 'number' || !(beta >= 0)) {
    throw new InvalidArgumentError({
      message: `\`beta\` must be a number ≥ 0 (1 for F1, Infinity for recall); got ${String(beta)}.`,
      argument: 'beta',
    });
  }
  return beta;
}

function divide(numerators: number[], denominators: number[], fallback: number): number[] {
  return numerators.map((numerator, i) => {
    const denominator = denominators[i] as number;
    return denominator === 0 ? fallback : numerator / denominator;
  });
}

function scoresFromCounts(
  truePositives: number[],
  predicted: number[],
  actual: number[],
  beta: number,
  fallback: number,
): Omit<PerClassScores, 'labels' | 'support'> {
  const precision = divide(truePositives, predicted, fallback);
  const recall = divide(truePositives, actual, fallback);
  let fScore: number[];
  if (beta === Number.POSITIVE_INFINITY) fScore = recall;
  else if (beta === 0) fScore = precision;
  else {
    // The F-score from counts, (1 + β²)·tp / (β²·(tp + fn) + (tp + fp)), as scikit-learn
    // forms it; it is defined whenever any sample is predicted or labelled with the class.
    const squared = beta ** 2;
    fScore = divide(
      truePositives.map((tp) => (1 + squared) * tp),
      actual.map((count, i) => squared * count + (predicted[i] as number)),
      fallback,
    );
  }
  return { precision, recall, fScore };
}

/**
 * Precision, recall, F-score and support of each class, as scikit-learn 1.9.1's
 * `precision_recall_fscore_support(y_true, y_pred, average=None, labels=..., beta=...,
 * zero_division=...)`.
 *
 * @throws EmptyInputError for empty input; InvalidArgumentError for mismatched lengths,
 * mixed label types, a bad `labels` list, `beta` or `zeroDivision`.
 */
export function precisionRecallFScorePerClass(
  yTrue: LabelInput,
  yPred: LabelInput,
  options: PerClassOptions = {},
): PerClassScores {
  const targets = readTargets(yTrue, yPred, 'precision and recall');
  const fallback = zeroDivisionValue(options.zeroDivision);
  const beta = readBeta(options.beta);
  const labels = readLabelOption(options.labels, targets) ?? targets.present;
  const counts = countByLabel(targets.yTrue, targets.yPred, labels);
  return {
    labels,
    ...scoresFromCounts(counts.truePositives, counts.predicted, counts.actual, beta, fallback),
    support: counts.actual,
  };
}

function labelsForBinary(targets: ClassificationTargets, positiveLabel: unknown): Label[] {
  if (targets.present.length > 2) {
    throw new InvalidArgumentError({
      message: `The targets have ${targets.present.length} classes but \`average\` is 'binary'; choose 'micro', 'macro' or 'weighted'.`,
      argument: 'average',
    });
  }
  const positive = checkLabelOption(positiveLabel ?? 1, 'positiveLabel', targets.kind);
  if (!targets.present.includes(positive) && targets.present.length === 2) {
    throw new InvalidArgumentError({
      message: `\`positiveLabel\` ${formatLabel(positive)} is not one of the labels ${targets.present.map(formatLabel).join(', ')}; pass the positive class as \`positiveLabel\`.`,
      argument: 'positiveLabel',
    });
  }
  return [positive];
}

/** Mean ignoring NaN entries, summed in numpy's order (`np.nanmean`); NaN when all are NaN. */
function nanMean(values: number[]): number {
  const kept = values.filter((value) => !Number.isNaN(value));
  if (kept.length === 0) return Number.NaN;
  return pairwiseSum(values.map((value) => (Number.isNaN(value) ? 0 : value))) / kept.length;
}

/** Weighted mean ignoring NaN entries (`np.average` after dropping NaN); unweighted if the weights sum to 0. */
function nanWeightedMean(values: number[], weights: number[]): number {
  const keptValues: number[] = [];
  const keptWeights: number[] = [];
  values.forEach((value, i) => {
    if (Number.isNaN(value)) return;
    keptValues.push(value);
    keptWeights.push(weights[i] as number);
  });
  if (keptValues.length === 0) return Number.NaN;
  const totalWeight = pairwiseSum(keptWeights);
  if (totalWeight === 0) return pairwiseSum(keptValues) / keptValues.length;
  return (
    pairwiseSum(keptValues.map((value, i) => value * (keptWeights[i] as number))) / totalWeight
  );
}

/**
 * Averaged precision, recall and F-score, as scikit-learn 1.9.1's
 * `precision_recall_fscore_support(y_true, y_pred, average=..., pos_label=..., labels=...,
 * beta=..., zero_division=...)`.
 *
 * @example
 * ```ts
 * const { precision, recall, fScore } = precisionRecallFScore(['a', 'b', 'a'], ['a', 'a', 'a'], {
 *   average: 'binary',
 *   positiveLabel: 'a',
 * });
 * ```
 * @throws EmptyInputError for empty input; InvalidArgumentError for mismatched lengths,
 * mixed label types, `average: 'binary'` on more than two classes, a `positiveLabel` that is
 * not one of two present labels, a bad `labels` list, `beta` or `zeroDivision`.
 */
export function precisionRecallFScore(
  yTrue: LabelInput,
  yPred: LabelInput,
  options: PrecisionRecallOptions = {},
): AveragedScores {
  const targets = readTargets(yTrue, yPred, 'precision and recall');
  const average = options.average ?? 'binary';
  if (!['binary', 'micro', 'macro', 'weighted'].includes(average)) {
    throw new InvalidArgumentError({
      message: `\`average\` must be 'binary', 'micro', 'macro' or 'weighted'; got ${String(average)}. Use precisionRecallFScorePerClass for per-class scores.`,
      argument: 'average',
    });
  }
  const fallback = zeroDivisionValue(options.zeroDivision);
  const beta = readBeta(options.beta);
  const labels =
    average === 'binary'
      ? labelsForBinary(targets, options.positiveLabel)
      : (readLabelOption(options.labels, targets) ?? targets.present);
  const counts = countByLabel(targets.yTrue, targets.yPred, labels);
  if (average === 'micro') {
    const total = (values: number[]) => [values.reduce((sum, value) => sum + value, 0)];
    const scores = scoresFromCounts(
      total(counts.truePositives),
      total(counts.predicted),
      total(counts.actual),
      beta,
      fallback,
    );
    return {
      precision: scores.precision[0] as number,
      recall: scores.recall[0] as number,
      fScore: scores.fScore[0] as number,
    };
  }
  const scores = scoresFromCounts(
    counts.truePositives,
    counts.predicted,
    counts.actual,
    beta,
    fallback,
  );
  const combine =
    average === 'weighted'
      ? (values: number[]) => nanWeightedMean(values, counts.actual)
      : (values: number[]) => nanMean(values);
  return {
    precision: combine(scores.precision),
    recall: combine(scores.recall),
    fScore: combine(scores.fScore),
  };
}

/**
 * Precision tp / (tp + fp), as scikit-learn 1.9.1's `precision_score`; see
 * {@link precisionRecallFScore} for the options (default `average: 'binary'`, positive label 1).
 */
export function precisionScore(
  yTrue: LabelInput,
  yPred: LabelInput,
  options?: PrecisionRecallOptions,
): number {
  return precisionRecallFScore(yTrue, yPred, options).precision;
}

/**
 * Recall tp / (tp + fn), as scikit-learn 1.9.1's `recall_score`; see
 * {@link precisionRecallFScore} for the options (default `average: 'binary'`, positive label 1).
 */
export function recallScore(
  yTrue: LabelInput,
  yPred: LabelInput,
  options?: PrecisionRecallOptions,
): number {
  return precisionRecallFScore(yTrue, yPred, options).recall;
}

/**
 * F1 = 2·tp / (2·tp + fp + fn), as scikit-learn 1.9.1's `f1_score`; see
 * {@link precisionRecallFScore} for the options (default `average: 'binary'`, positive label 1;
 * `beta` is fixed at 1).
 */
export function f1Score(
  yTrue: LabelInput,
  yPred: LabelInput,
  options?: Omit<PrecisionRecallOptions, 'beta'>,
): number {
  return precisionRecallFScore(yTrue, yPred, { ...options, beta: 1 }).fScore;
}
