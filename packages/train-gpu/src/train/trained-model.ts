/**
 * `TrainedModel`: a handle on trained weights that predicts, evaluates and exports to ONNX,
 * and the free functions `predict` / `evaluate` that take a handle or bare weights.
 */
import type { Features, Labels, ModelSpec, ModelWeights } from '../model/types';
import { type ExportOnnxOptions, exportOnnx } from '../onnx/export-onnx';
import { cloneWeights } from '../reference/init';
import { type Evaluation, evaluateReference, predictReference } from '../reference/predict';
import { checkWeights } from '../reference/spec';

/**
 * Trained weights with inference attached. Inference runs the TypeScript forward pass in
 * float32 (`predictReference`), so it needs no native addon and gives the probabilities the
 * exported ONNX model gives (within 1e-5).
 */
export interface TrainedModel {
  /** The model's architecture (a frozen copy). */
  readonly spec: ModelSpec;
  /**
   * The weights, owned by the handle: the objects are frozen copies; the typed arrays are
   * copies too, but JavaScript cannot freeze typed arrays, so writing into them changes what
   * this handle predicts.
   */
  readonly weights: ModelWeights;
  /** Row-major probabilities `[rows, classes]` (softmax of the logits). */
  predict(features: Features): Float32Array;
  /** The most probable class of each row (the first one on ties), `[rows]`. */
  predictClasses(features: Features): Int32Array;
  /** Mean softmax cross-entropy and accuracy over `features` and their `labels`. */
  evaluate(features: Features, labels: Labels): Evaluation;
  /** The model as ONNX bytes, via `exportOnnx(weights, options)`. */
  toOnnx(options?: ExportOnnxOptions): Uint8Array;
}

function frozenSpec(spec: ModelSpec): ModelSpec {
  return Object.freeze({ ...spec, hidden: Object.freeze([...spec.hidden]) });
}

/** Freezes the object structure of weights the caller hands over (no copy). */
function freezeWeights(weights: ModelWeights): ModelWeights {
  const spec = frozenSpec(weights.spec);
  const layers = Object.freeze(weights.layers.map((layer) => Object.freeze({ ...layer })));
  return Object.freeze(
    weights.embedding === undefined
      ? { spec, layers }
      : { spec, embedding: weights.embedding, layers },
  );
}

function argmaxRows(probabilities: Float32Array, classes: number): Int32Array {
  const rows = probabilities.length / classes;
  const out = new Int32Array(rows);
  for (let row = 0; row < rows; row += 1) {
    let best = 0;
    let bestValue = probabilities[row * classes] as number;
    for (let c = 1; c < classes; c += 1) {
      const value = probabilities[row * classes + c] as number;
      if (value > bestValue) {
        best = c;
        bestValue = value;
      }
    }
    out[row] = best;
  }
  return out;
}

/**
 * Wraps weights the caller gives up (already checked, not shared with anyone): the trainers'
 * results are fresh arrays, so `train()` adopts them without a second copy.
 */
export function adoptTrainedModel(weights: ModelWeights): TrainedModel {
  const owned = freezeWeights(weights);
  return Object.freeze({
    spec: owned.spec,
    weights: owned,
    predict: (features: Features) => predictReference(owned, features),
    predictClasses: (features: Features) =>
      argmaxRows(predictReference(owned, features), owned.spec.classes),
    evaluate: (features: Features, labels: Labels) => evaluateReference(owned, features, labels),
    toOnnx: (options?: ExportOnnxOptions) => exportOnnx(owned, options),
  });
}

/**
 * A `TrainedModel` over a copy of `weights` (later changes to `weights` do not reach it).
 * Throws `TrainingInputError` when the weights do not have the shapes their spec implies.
 *
 * @example
 * const model = createTrainedModel(weights);
 * const classes = model.predictClasses(features);
 * const onnx = model.toOnnx({ opset: 21 });
 */
export function createTrainedModel(weights: ModelWeights): TrainedModel {
  checkWeights(weights);
  return adoptTrainedModel(cloneWeights(weights));
}

function isTrainedModel(model: TrainedModel | ModelWeights): model is TrainedModel {
  return typeof (model as Partial<TrainedModel>).predict === 'function';
}

/**
 * Row-major class probabilities `[rows, classes]` of a trained model or of bare weights (the
 * TypeScript forward pass in float32). Throws `TrainingInputError` on features that do not
 * fit the model.
 *
 * @example
 * const probabilities = predict(result.model, tokenizer.encode(['OOMKilled']));
 */
export function predict(model: TrainedModel | ModelWeights, features: Features): Float32Array {
  return isTrainedModel(model) ? model.predict(features) : predictReference(model, features);
}

/**
 * Mean softmax cross-entropy and accuracy (argmax, first on ties) of a trained model or of
 * bare weights on labelled data. Throws `TrainingInputError` on data that does not fit.
 *
 * @example
 * const { loss, accuracy } = evaluate(result.model, testFeatures, testLabels);
 */
export function evaluate(
  model: TrainedModel | ModelWeights,
  features: Features,
  labels: Labels,
): Evaluation {
  return isTrainedModel(model)
    ? model.evaluate(features, labels)
    : evaluateReference(model, features, labels);
}
