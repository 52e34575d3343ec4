import { InvalidArgumentError, mean } from '@dagnostics/core';
import type {
  ClassLabel,
  MetricDirection,
  MetricFunction,
  NamedMetric,
  Predictions,
} from './types';

/** The names `bootstrapDifference` accepts for `metric`. */
export const namedMetrics: readonly NamedMetric[] = ['accuracy', 'f1-macro', 'log-loss'];

/** numpy `finfo(float64).eps`, scikit-learn's clipping bound for probabilities. */
const float64Epsilon = 2 ** -52;

/** The fraction of rows whose prediction equals the label (scikit-learn `accuracy_score`). */
export function accuracy(predictions: Predictions, labels: readonly ClassLabel[]): number {
  let hits = 0;
  for (let row = 0; row < labels.length; row++) if (predictions[row] === labels[row]) hits++;
  return hits / labels.length;
}

/**
 * The unweighted mean over classes of F1 = 2TP / (2TP + FP + FN), the classes being every
 * value seen in the labels or the predictions: scikit-learn `f1_score(average='macro')`.
 */
export function f1Macro(predictions: Predictions, labels: readonly ClassLabel[]): number {
  const counts = new Map<unknown, { truePositives: number; errors: number }>();
  const entry = (value: unknown) => {
    let found = counts.get(value);
    if (found === undefined) {
      found = { truePositives: 0, errors: 0 };
      counts.set(value, found);
    }
    return found;
  };
  for (let row = 0; row < labels.length; row++) {
    const label = labels[row];
    const predicted = predictions[row];
    if (predicted === label) {
      entry(label).truePositives++;
    } else {
      // A miss is a false negative of the label's class and a false positive of the predicted one.
      entry(label).errors++;
      entry(predicted).errors++;
    }
  }
  let total = 0;
  for (const { truePositives, errors } of counts.values()) {
    total += (2 * truePositives) / (2 * truePositives + errors);
  }
  return total / counts.size;
}

function classIndex(label: ClassLabel, classes: number): number {
  const index = typeof label === 'boolean' ? Number(label) : label;
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= classes) {
    throw new InvalidArgumentError({
      message: `log-loss needs labels that are class indexes 0..${classes - 1} (0/1 for one probability per row); got ${JSON.stringify(label)}.`,
      argument: 'labels',
    });
  }
  return index;
}

/**
 * The mean negative log-probability of the true class, probabilities clipped to
 * [eps, 1 − eps] (scikit-learn `log_loss`). Predictions are the probability of class 1 per
 * row for labels 0/1, or a probability row per example for labels `0..k-1`.
 */
export function logLoss(predictions: Predictions, labels: readonly ClassLabel[]): number {
  const losses = new Float64Array(labels.length);
  for (let row = 0; row < labels.length; row++) {
    const prediction = predictions[row];
    let probability: number;
    if (Array.isArray(prediction)) {
      probability = prediction[classIndex(labels[row] as ClassLabel, prediction.length)] as number;
    } else if (typeof prediction === 'number') {
      probability = classIndex(labels[row] as ClassLabel, 2) === 1 ? prediction : 1 - prediction;
    } else {
      throw new InvalidArgumentError({
        message: `log-loss needs probabilities as predictions; got ${JSON.stringify(prediction)} in row ${row}.`,
        argument: 'predictions',
      });
    }
    const clipped = Math.min(Math.max(probability, float64Epsilon), 1 - float64Epsilon);
    losses[row] = -Math.log(clipped);
  }
  return mean(losses);
}

const metricFunctions: Record<NamedMetric, MetricFunction> = {
  accuracy,
  'f1-macro': f1Macro,
  'log-loss': logLoss,
};

/** The function behind a named metric. */
export function metricFunction(metric: NamedMetric | MetricFunction): MetricFunction {
  return typeof metric === 'function' ? metric : metricFunctions[metric];
}

/** The direction of a named metric: only `log-loss` is lower-is-better. */
export function defaultDirection(metric: NamedMetric | MetricFunction): MetricDirection {
  return metric === 'log-loss' ? 'lower-is-better' : 'higher-is-better';
}
