/** Inference with the reference implementation: probabilities and evaluation. */
import type { Features, Labels, ModelWeights } from '../model/types';
import { crossEntropy, forward, softmax } from './network';
import { checkWeights } from './spec';
import { checkFeatures, checkLabels } from './validate';

const chunk = 1024;

function allRows(start: number, end: number): Int32Array {
  const rows = new Int32Array(end - start);
  for (let i = 0; i < rows.length; i += 1) rows[i] = start + i;
  return rows;
}

/** Class probabilities `[rows, classes]` (softmax of the logits), row-major. */
export function predictReference(weights: ModelWeights, features: Features): Float32Array {
  checkWeights(weights);
  const n = checkFeatures(weights.spec, features);
  const classes = weights.spec.classes;
  const out = new Float32Array(n * classes);
  for (let start = 0; start < n; start += chunk) {
    const rows = allRows(start, Math.min(n, start + chunk));
    out.set(softmax(forward(weights, features, rows).logits, classes), start * classes);
  }
  return out;
}

/** Mean cross-entropy and accuracy of `weights` on labelled data. */
export interface Evaluation {
  readonly loss: number;
  readonly accuracy: number;
  readonly samples: number;
}

/** Mean softmax cross-entropy and accuracy (argmax, first on ties) over all rows. */
export function evaluateReference(
  weights: ModelWeights,
  features: Features,
  labels: Labels,
): Evaluation {
  checkWeights(weights);
  const n = checkFeatures(weights.spec, features);
  checkLabels(weights.spec, labels, n);
  let loss = 0;
  let correct = 0;
  for (let start = 0; start < n; start += chunk) {
    const rows = allRows(start, Math.min(n, start + chunk));
    const batch = crossEntropy(
      forward(weights, features, rows),
      labels,
      rows,
      weights.spec.classes,
    );
    loss += batch.loss * rows.length;
    correct += batch.correct;
  }
  return {
    loss: n === 0 ? Number.NaN : loss / n,
    accuracy: n === 0 ? Number.NaN : correct / n,
    samples: n,
  };
}
