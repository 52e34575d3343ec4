import { InvalidArgumentError } from '@dagnostics/core';
import type { Label, LabelInput } from '../shared/labels';
import { readLabelOption, readTargets } from './targets';

/** Options of {@link confusionMatrix}. */
export interface ConfusionMatrixOptions {
  /**
   * The labels that index the rows and columns, in this order. Samples whose true or
   * predicted label is not listed are left out. Default: every label present in `yTrue` or
   * `yPred`, sorted (numbers ascending, strings by code point).
   */
  labels?: LabelInput;
  /**
   * Divide each row (`'true'`), each column (`'pred'`) or the whole matrix (`'all'`) by its
   * sum; a sum of 0 gives 0 entries. Default: raw counts.
   */
  normalize?: 'true' | 'pred' | 'all';
}

/** A confusion matrix and the label of each row and column. */
export interface ConfusionMatrix {
  /** Row i / column j stands for `labels[i]` / `labels[j]`. */
  labels: Label[];
  /** `matrix[i][j]`: samples of true class `labels[i]` predicted as `labels[j]`. */
  matrix: number[][];
}

/**
 * Confusion matrix, as scikit-learn 1.9.1's `confusion_matrix(y_true, y_pred, labels=...,
 * normalize=...)`: rows are true labels, columns predicted labels. For binary 0/1 labels,
 * `matrix` is `[[tn, fp], [fn, tp]]`.
 *
 * @param yTrue - True labels (strings or integers).
 * @param yPred - Predicted labels, same length and kind.
 * @throws EmptyInputError for empty input; InvalidArgumentError for mismatched lengths,
 * mixed label types, an empty or repeated `labels` list, or a `labels` list none of which
 * occurs in `yTrue` (as scikit-learn).
 */
export function confusionMatrix(
  yTrue: LabelInput,
  yPred: LabelInput,
  options: ConfusionMatrixOptions = {},
): ConfusionMatrix {
  const targets = readTargets(yTrue, yPred, 'a confusion matrix');
  const explicit = readLabelOption(options.labels, targets);
  if (explicit !== undefined && !targets.yTrue.some((label) => explicit.includes(label))) {
    throw new InvalidArgumentError({
      message: 'At least one of `labels` must occur in `yTrue`; check the label spelling and type.',
      argument: 'labels',
    });
  }
  const labels = explicit ?? targets.present;
  const position = new Map<Label, number>();
  labels.forEach((label, index) => {
    position.set(label, index);
  });
  const matrix = labels.map(() => new Array<number>(labels.length).fill(0));
  for (let i = 0; i < targets.yTrue.length; i++) {
    const row = position.get(targets.yTrue[i] as Label);
    const column = position.get(targets.yPred[i] as Label);
    if (row === undefined || column === undefined) continue;
    const counts = matrix[row] as number[];
    counts[column] = (counts[column] as number) + 1;
  }
  return { labels, matrix: normalizeMatrix(matrix, options.normalize) };
}

function normalizeMatrix(matrix: number[][], normalize: ConfusionMatrixOptions['normalize']) {
  if (normalize === undefined) return matrix;
  const size = matrix.length;
  const divide = (count: number, total: number) => (total === 0 ? 0 : count / total);
  if (normalize === 'true') {
    return matrix.map((row) => {
      const total = row.reduce((sum, count) => sum + count, 0);
      return row.map((count) => divide(count, total));
    });
  }
  if (normalize === 'pred') {
    const totals = Array.from({ length: size }, (_, column) =>
      matrix.reduce((sum, row) => sum + (row[column] as number), 0),
    );
    return matrix.map((row) => row.map((count, column) => divide(count, totals[column] as number)));
  }
  if (normalize === 'all') {
    const total = matrix.reduce((sum, row) => sum + row.reduce((a, b) => a + b, 0), 0);
    return matrix.map((row) => row.map((count) => divide(count, total)));
  }
  throw new InvalidArgumentError({
    message: `\`normalize\` must be 'true', 'pred', 'all' or left out; got ${String(normalize)}.`,
    argument: 'normalize',
  });
}
