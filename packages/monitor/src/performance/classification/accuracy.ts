import type { LabelInput } from '../shared/labels';
import { readTargets } from './targets';

/**
 * Fraction of samples whose predicted label equals the true label, as scikit-learn 1.9.1's
 * `accuracy_score(y_true, y_pred)` (exact: a count divided by n).
 *
 * @param yTrue - True labels (strings or integers).
 * @param yPred - Predicted labels, same length and kind.
 * @returns A number in [0, 1].
 * @throws EmptyInputError for empty input; InvalidArgumentError for mismatched lengths or
 * labels that are not all strings or all integers.
 */
export function accuracy(yTrue: LabelInput, yPred: LabelInput): number {
  const targets = readTargets(yTrue, yPred, 'the accuracy');
  let correct = 0;
  for (let i = 0; i < targets.yTrue.length; i++) {
    if (targets.yTrue[i] === targets.yPred[i]) correct++;
  }
  return correct / targets.yTrue.length;
}
