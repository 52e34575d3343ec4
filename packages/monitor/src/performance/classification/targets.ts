import { InvalidArgumentError } from '@dagnostics/core';
import {
  assertSameKind,
  type CheckedLabels,
  checkLabelList,
  checkLabels,
  formatLabel,
  type Label,
  uniqueSortedLabels,
} from '../shared/labels';
import { assertNotEmpty, assertSameLength } from '../shared/validation';

/** Checked true and predicted labels of a classification task. */
export interface ClassificationTargets {
  yTrue: Label[];
  yPred: Label[];
  kind: CheckedLabels['kind'];
  /** Labels present in either input, sorted (scikit-learn's `unique_labels`). */
  present: Label[];
}

/**
 * Validates `yTrue`/`yPred` as scikit-learn's `_check_targets` does: same length, at least
 * one sample, labels of one kind.
 */
export function readTargets(yTrue: unknown, yPred: unknown, metric: string): ClassificationTargets {
  const checkedTrue = checkLabels(yTrue, 'yTrue');
  const checkedPred = checkLabels(yPred, 'yPred');
  assertSameLength(checkedTrue.values, 'yTrue', checkedPred.values, 'yPred');
  assertNotEmpty(checkedTrue.values.length, 'yTrue', metric);
  assertSameKind(checkedTrue, 'yTrue', checkedPred, 'yPred');
  return {
    yTrue: checkedTrue.values,
    yPred: checkedPred.values,
    kind: checkedTrue.kind,
    present: uniqueSortedLabels(checkedTrue.values, checkedPred.values),
  };
}

/** Reads the optional explicit `labels` list, checking its kind against the data's. */
export function readLabelOption(
  labels: unknown,
  targets: Pick<ClassificationTargets, 'kind'>,
): Label[] | undefined {
  if (labels === undefined) return undefined;
  const checked = checkLabelList(labels, 'labels');
  assertSameKind({ values: [], kind: targets.kind }, 'yTrue', checked, 'labels');
  return checked.values;
}

/** Checks that a single label option (e.g. `positiveLabel`) is of the data's kind. */
export function checkLabelOption(label: unknown, argument: string, kind: string): Label {
  const valid = typeof label === 'string' || (typeof label === 'number' && Number.isInteger(label));
  if (!valid || (kind !== 'empty' && typeof label !== kind)) {
    throw new InvalidArgumentError({
      message: `\`${argument}\` must be one of the ${kind === 'empty' ? '' : `${kind} `}class labels; got ${typeof label === 'string' ? formatLabel(label) : String(label)}.`,
      argument,
    });
  }
  return label as Label;
}

/** Per-label counts: true positives, predicted count and true count (the support). */
export interface LabelCounts {
  truePositives: number[];
  predicted: number[];
  actual: number[];
}

/** Counts, for each of `labels`, the samples predicted as, labelled as, and correctly predicted as it. */
export function countByLabel(yTrue: Label[], yPred: Label[], labels: Label[]): LabelCounts {
  const position = new Map<Label, number>();
  labels.forEach((label, index) => {
    position.set(label, index);
  });
  const truePositives = new Array<number>(labels.length).fill(0);
  const predicted = new Array<number>(labels.length).fill(0);
  const actual = new Array<number>(labels.length).fill(0);
  for (let i = 0; i < yTrue.length; i++) {
    const trueIndex = position.get(yTrue[i] as Label);
    const predictedIndex = position.get(yPred[i] as Label);
    if (trueIndex !== undefined) actual[trueIndex] = (actual[trueIndex] as number) + 1;
    if (predictedIndex !== undefined) {
      predicted[predictedIndex] = (predicted[predictedIndex] as number) + 1;
      if (predictedIndex === trueIndex) {
        truePositives[trueIndex] = (truePositives[trueIndex] as number) + 1;
      }
    }
  }
  return { truePositives, predicted, actual };
}

/**
 * scikit-learn's `_check_pos_label_consistency` with `pos_label=None`: the positive class is 1,
 * and the labels must be {0, 1}, {−1, 1} or a subset of one of them.
 */
export function defaultPositiveLabel(checked: CheckedLabels): Label {
  const distinct = new Set(checked.values);
  const allowed = [
    [0, 1],
    [-1, 1],
  ];
  const isStandard =
    checked.kind !== 'string' &&
    allowed.some((pair) => Array.from(distinct).every((label) => pair.includes(label as number)));
  if (!isStandard) {
    throw new InvalidArgumentError({
      message: `\`yTrue\` has labels ${Array.from(distinct).map(formatLabel).join(', ')}, so the positive class is ambiguous; pass \`positiveLabel\`.`,
      argument: 'positiveLabel',
    });
  }
  return 1;
}
