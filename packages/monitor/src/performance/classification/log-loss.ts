import { InvalidArgumentError } from '@dagnostics/core';
import {
  checkLabels,
  formatLabel,
  type Label,
  type LabelInput,
  uniqueSortedLabels,
} from '../shared/labels';
import { pairwiseSum } from '../shared/pairwise-sum';
import {
  assertArrayInput,
  assertNotEmpty,
  assertProbabilities,
  assertSameLength,
  type NumericInput,
  toFiniteFloat64,
  toFiniteMatrix,
} from '../shared/validation';
import { readLabelOption } from './targets';

/** Options of {@link logLoss}. */
export interface LogLossOptions {
  /**
   * All class labels, when `yTrue` may not contain every class. They are sorted (numbers
   * ascending, strings by code point) and that order must match the `yProba` columns.
   * Default: the labels of `yTrue`.
   */
  labels?: LabelInput;
}

const EPSILON = Number.EPSILON;

/**
 * Mean negative log-likelihood (cross-entropy), as scikit-learn 1.9.1's
 * `log_loss(y_true, y_proba, labels=...)`.
 *
 * Probabilities are clipped to [ε, 1 − ε] with ε = 2⁻⁵² (float64 machine epsilon) before the
 * logarithm, so a confident mistake costs at most −ln ε ≈ 36.04. (scikit-learn takes ε from
 * the input's dtype; inputs here are always read as float64, so a Float32Array is clipped at
 * 2⁻⁵², not at float32's 2⁻²³.) Since scikit-learn 1.5 there
 * is no `eps` argument and rows are not renormalised (a row that does not sum to 1 only
 * triggers a warning there; it is used as given here).
 *
 * @param yTrue - True labels (at least two classes, in `yTrue` or `labels`).
 * @param yProba - Binary: the probability of the greater label, one per sample. Multiclass:
 * one row of class probabilities per sample, columns in sorted label order.
 * @throws EmptyInputError for empty input; InvalidArgumentError for mismatched lengths,
 * probabilities outside [0, 1] or NaN, a single class, or a column count that does not
 * match the number of classes.
 */
export function logLoss(
  yTrue: LabelInput,
  yProba: NumericInput | readonly NumericInput[],
  options: LogLossOptions = {},
): number {
  const checked = checkLabels(yTrue, 'yTrue');
  assertArrayInput(yProba, 'yProba');
  assertSameLength(checked.values, 'yTrue', yProba, 'yProba');
  assertNotEmpty(checked.values.length, 'yTrue', 'a log loss');
  const explicit = readLabelOption(options.labels, checked);
  const classes = uniqueSortedLabels(explicit ?? checked.values);
  if (explicit !== undefined) {
    const unknown = checked.values.find((label) => !explicit.includes(label));
    if (unknown !== undefined) {
      throw new InvalidArgumentError({
        message: `\`yTrue\` contains ${formatLabel(unknown)}, which is not in \`labels\`.`,
        argument: 'labels',
      });
    }
  }
  if (classes.length < 2) {
    throw new InvalidArgumentError({
      message: `\`yTrue\` contains only the label ${formatLabel(classes[0] as Label)}; pass every class through \`labels\`.`,
      argument: explicit === undefined ? 'yTrue' : 'labels',
    });
  }
  const isMatrix = yProba.length > 0 && (Array.isArray(yProba[0]) || ArrayBuffer.isView(yProba[0]));
  const losses = new Float64Array(checked.values.length);
  if (!isMatrix) {
    const probabilities = toFiniteFloat64(yProba, 'yProba');
    assertProbabilities(probabilities, 'yProba');
    assertColumns(2, classes);
    const positive = classes[1] as Label;
    checked.values.forEach((label, i) => {
      const p = probabilities[i] as number;
      losses[i] = -Math.log(clip(label === positive ? p : 1 - p));
    });
  } else {
    const rows = toFiniteMatrix(yProba, 'yProba');
    rows.forEach((row, i) => {
      assertProbabilities(row, `yProba[${i}]`);
    });
    const width = (rows[0] as Float64Array).length;
    assertColumns(width === 1 ? 2 : width, classes);
    const column = new Map<Label, number>();
    classes.forEach((label, index) => {
      column.set(label, index);
    });
    checked.values.forEach((label, i) => {
      const row = rows[i] as Float64Array;
      const p =
        width === 1
          ? label === classes[1]
            ? (row[0] as number)
            : 1 - (row[0] as number)
          : (row[column.get(label) as number] as number);
      losses[i] = -Math.log(clip(p));
    });
  }
  return pairwiseSum(losses) / losses.length;
}

function clip(probability: number): number {
  return Math.min(Math.max(probability, EPSILON), 1 - EPSILON);
}

function assertColumns(columns: number, classes: Label[]): void {
  if (columns !== classes.length) {
    throw new InvalidArgumentError({
      message: `\`yProba\` has ${columns} columns but there are ${classes.length} classes (${classes.map(formatLabel).join(', ')}); pass one probability column per class, or \`labels\` naming every class.`,
      argument: 'yProba',
    });
  }
}
